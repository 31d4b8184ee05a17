"""Tags of the public pages' head: `{% jsonld "release" release %}`, `{% og_image release %}`,
`{% page_url %}` (the canonical address, or this page's under HUMAS_SITE_URL)."""

from django import template
from django.utils.translation import gettext as _

from kernel.siteurl import absolute_url

from .. import seo

register = template.Library()


def _url(context):
    url = context.get("canonical_url")
    if url:
        return url
    request = context.get("request")
    return absolute_url(request.path) if request is not None else seo.site_url()


@register.simple_tag(takes_context=True)
def page_url(context):
    return _url(context)


@register.simple_tag
def og_image(obj=None):
    return seo.og_image(obj)


@register.simple_tag(takes_context=True)
def jsonld(context, page, obj=None, extra=None):
    org = context["org"]
    url = _url(context)
    if page == "home":
        data = seo.home(org, context.get("LANGUAGE_CODE") or "id")
    elif page == "contact":
        data = seo.contact_page(org, extra or [], url)
    elif page == "release":
        data = seo.release_article(obj, org, url)
    elif page == "statement":
        data = seo.statement_announcement(obj, org, url)
    elif page == "document":
        data = seo.document_page(obj, org, url)
    elif page == "conference":
        data = seo.conference_event(obj, extra or [], org, url)
    elif page == "search":
        data = seo.collection_page(org, _("Cari"), url, kind="SearchResultsPage")
    else:
        # A list: `page` is its name.
        data = seo.collection_page(org, str(page), url)
    return seo.jsonld_script(data)
