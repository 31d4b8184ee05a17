"""PDF press kits: one WeasyPrint render per distinct set of inputs, made in the `pdf` queue."""
