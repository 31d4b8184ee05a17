"""Who may fetch public-information documents (kernel.media's registry)."""

from kernel.media import media_owner_register

from .selectors import document_media_access

media_owner_register("publicinfo/", document_media_access)
# Files stored before random names were given (kept where they are).
media_owner_register("private/publicinfo/", document_media_access)
