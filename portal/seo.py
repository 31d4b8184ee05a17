"""What the public pages tell search engines and link previews: schema.org JSON-LD per page type
and the absolute image a shared link shows. Built from the objects the pages already hold (no
query of its own beyond what the page prefetched), every URL absolute under HUMAS_SITE_URL.

Types: the office is a GovernmentOrganization (home, media contact page, and the publisher and
author of everything); a release a NewsArticle; an official crisis statement a
SpecialAnnouncement (schema.org's "information update by a local organisation"); a public
document a DigitalDocument; a press conference an Event; lists a CollectionPage; the search a
SearchResultsPage."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe

from kernel.siteurl import absolute_url
from kernel.text import html_to_text

OG_DEFAULT_IMAGE = "img/og-default.png"
LOGO_IMAGE = "img/logo-512.png"
MIME_BY_TYPE = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "jpg": "image/jpeg",
    "png": "image/png",
    "zip": "application/zip",
}


def static_absolute(path):
    url = static(path)
    return url if "://" in url else absolute_url(url)


def media_absolute(file):
    return file.url if "://" in file.url else absolute_url(file.url)


def og_image(obj=None):
    """The image a shared link shows: the release's hero or first photo, else the site card."""
    hero = getattr(obj, "hero_image", None)
    if hero:
        return media_absolute(hero)
    return static_absolute(OG_DEFAULT_IMAGE)


def site_url():
    return absolute_url(reverse("public:home"))


def organisation_node(org, *, full=False):
    node = {
        "@type": "GovernmentOrganization",
        "@id": site_url() + "#organisasi",
        "name": org.name,
        "url": site_url(),
        "logo": {
            "@type": "ImageObject",
            "url": media_absolute(org.logo) if org.logo else static_absolute(LOGO_IMAGE),
        },
    }
    if full:
        if org.unit_name:
            node["department"] = {"@type": "GovernmentOrganization", "name": org.unit_name}
        if org.email:
            node["email"] = org.email
        if org.phone:
            node["telephone"] = org.phone
        if org.address:
            node["address"] = {"@type": "PostalAddress", "streetAddress": " ".join(org.address.split())}
        if org.website:
            node["sameAs"] = [org.website]
    return node


def _publisher(org):
    return organisation_node(org)


def home(org, language="id"):
    return {
        "@context": "https://schema.org",
        "@graph": [
            organisation_node(org, full=True),
            {
                "@type": "WebSite",
                "@id": site_url() + "#situs",
                "url": site_url(),
                "name": org.name,
                "inLanguage": language,
                "publisher": {"@id": site_url() + "#organisasi"},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": absolute_url(reverse("public:search")) + "?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                },
            },
        ],
    }


def contact_page(org, spokespersons, url):
    node = organisation_node(org, full=True)
    points = [
        {
            "@type": "ContactPoint",
            "contactType": "media relations",
            "name": s.name,
            "description": s.position,
            **({"telephone": s.phone} if s.phone else {}),
            **({"email": s.email} if s.email else {}),
        }
        for s in spokespersons
    ]
    if points:
        node["contactPoint"] = points
    return {
        "@context": "https://schema.org",
        "@graph": [
            node,
            {"@type": "ContactPage", "url": url, "name": org.name, "about": {"@id": node["@id"]}},
        ],
    }


def collection_page(org, name, url, kind="CollectionPage"):
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "name": name,
        "url": url,
        "isPartOf": {"@type": "WebSite", "url": site_url(), "name": org.name},
        "publisher": _publisher(org),
    }


def release_article(release, org, url):
    corrections = list(release.corrections.all())
    modified = max([release.updated_at, *(c.created_at for c in corrections)])
    images = [media_absolute(release.hero_image)] if release.hero_image else []
    images += [media_absolute(p.image) for p in release.photos.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title[:110],
        "description": release.summary or release.body_text[:300],
        "datePublished": release.published_at,
        "dateModified": modified,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": release.language,
        "author": {"@type": "GovernmentOrganization", "name": org.name, "url": site_url()},
        "publisher": _publisher(org),
        "image": images or [static_absolute(OG_DEFAULT_IMAGE)],
    }
    if release.number:
        data["identifier"] = release.number
    if release.category:
        data["articleSection"] = release.category.name
    tags = [t.name for t in release.tags.all()]
    if tags:
        data["keywords"] = tags
    return data


def statement_announcement(statement, org, url):
    text = html_to_text(statement.body)
    return {
        "@context": "https://schema.org",
        "@type": "SpecialAnnouncement",
        "name": statement.title,
        "text": text[:1000],
        "datePosted": statement.published_at,
        "dateModified": statement.updated_at,
        "url": url,
        "author": {"@type": "GovernmentOrganization", "name": org.name, "url": site_url()},
        "publisher": _publisher(org),
    }


def document_page(document, org, url):
    data = {
        "@context": "https://schema.org",
        "@type": "DigitalDocument",
        "name": document.title,
        "url": url,
        "datePublished": document.date,
        "dateModified": document.updated_at,
        "publisher": _publisher(org),
        "genre": document.get_category_display(),
    }
    if document.description:
        data["description"] = document.description
    mime = MIME_BY_TYPE.get((document.file_type or "").lower())
    if mime:
        data["encodingFormat"] = mime
    return data


_EVENT_STATUS = {
    "planned": "https://schema.org/EventScheduled",
    "rescheduled": "https://schema.org/EventRescheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "held": "https://schema.org/EventScheduled",
}


def conference_event(conference, speakers, org, url):
    locations = []
    if conference.venue_name or conference.venue_address:
        place = {"@type": "Place", "name": conference.venue_name or conference.venue_address}
        if conference.venue_address:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": " ".join(conference.venue_address.split()),
            }
        locations.append(place)
    if conference.online_url:
        locations.append({"@type": "VirtualLocation", "url": conference.online_url})
    if locations and conference.online_url and len(locations) > 1:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif conference.online_url:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": conference.title,
        "startDate": conference.starts_at,
        "endDate": conference.ends_at,
        "eventStatus": _EVENT_STATUS.get(conference.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": mode,
        "url": url,
        "organizer": organisation_node(org),
        "image": [static_absolute(OG_DEFAULT_IMAGE)],
        "isAccessibleForFree": True,
    }
    if conference.description:
        data["description"] = conference.description
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    people = [
        {"@type": "Person", "name": s.name, **({"jobTitle": s.role} if s.role else {})} for s in speakers
    ]
    if people:
        data["performer"] = people
    return data


def jsonld_script(data):
    """The <script type="application/ld+json"> element: nothing in the data can close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
