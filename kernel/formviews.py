"""The staff "form page": one form, one service call, a success message and a redirect.

Most create and edit pages of the staff area are the same dozen lines: on a valid POST hand the
cleaned data to a service; if the service refuses, put its reason on the form and show the page
again; otherwise say what was done and go to the result; on a GET (or an invalid POST) show the
form. Written once here so that every such page treats a refusal the same way, as an error on the
form and never a 500, and each view keeps only what is its own: the form, the service call, the
words and the template. Pages of another shape (several forms, uploads, htmx partials, extra
messages after saving) keep their own code.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .refusal import Refusal, refusal_to_form

REFUSALS = (Refusal, ValidationError)


def form_page(request, form, save, *, success, template, context=None, refusals=REFUSALS):
    """Run one staff form page and return its response.

    `form` is already bound to the POST (or unbound on a GET). On a POST that validates,
    `save(form.cleaned_data)` calls the service and returns where to go next: a model instance
    (its get_absolute_url), a URL, or a URL name without arguments. Then `success` is shown as a
    message and the user is redirected there.

    An exception of a class in `refusals` raised by `save` is the service refusing the input: it
    is shown on the form, above the fields, and the page is rendered again (the service's own
    transaction has left nothing written). A ValidationError goes on as it is, so field errors it
    may carry land on their fields when the form has them; a kernel Refusal goes on by its text
    (on its field when it names one).

    Otherwise `template` is rendered with `{"form": form, **context}`.
    """
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except refusals as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect(target)
    return render(request, template, {"form": form, **(context or {})})
