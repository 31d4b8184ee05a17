"""Who is acting, for writes that reach a model without passing through a service.

Signals on the user model (created, activated, roles changed) do not receive the request; the
admin sets the acting user around its writes with `acting_as(request.user)`, and the signal
handlers read it with `current_actor()`. Outside such a block the actor is the system (a
management command, a data migration, the demo seeding)."""

import contextlib
import contextvars

SYSTEM = "system"

_actor = contextvars.ContextVar("humas_actor", default=None)


@contextlib.contextmanager
def acting_as(actor):
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def current_actor(default=SYSTEM):
    actor = _actor.get()
    return default if actor is None else actor
