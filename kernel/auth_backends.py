from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes' login throttling for every sign-in made through a request (the login form, the
    admin). Code that authenticates without a request (management commands, tests) has nothing
    to throttle and falls through to the model backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
