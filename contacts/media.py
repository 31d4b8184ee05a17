"""Contact import files are personal data read only by the import worker: no one fetches them
over HTTP (kernel.media's registry answers None, the view 404)."""

from kernel.media import media_owner_register


def _import_file(storage_name, user):
    return None


media_owner_register("imports/", _import_file)
