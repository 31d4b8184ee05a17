from .test_permission_matrix import matrix_objects  # noqa: F401  (shared with the CSRF test)
