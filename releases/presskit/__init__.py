"""PDF press kits: one WeasyPrint render per distinct set of inputs, made in the `pdf` queue."""

import logging

# WeasyPrint logs every layout step (and its own stylesheet parsing at import) at INFO; a worker
# rendering all day needs only its warnings and errors (refused resources are logged as errors).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
