from tests.releases.conftest import category, make_release, release_in_state  # noqa: F401  (media tests)

from .test_permission_matrix import matrix_objects  # noqa: F401  (shared with the CSRF test)
