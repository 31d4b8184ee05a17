"""Posting the release edit form as the browser does (shared by the editing tests)."""


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def edit_data(release, **changes):
    """The edit form of `release` as it was rendered (its current values and version), with
    `changes` applied on top, as a browser would post it."""
    release.refresh_from_db()
    quotes = list(release.quotes.all())
    contacts = list(release.contacts.all())
    data = {
        "version": str(release.version),
        "title": release.title,
        "summary": release.summary,
        "body": release.body,
        "category": str(release.category_id or ""),
        "language": release.language,
        "tags_text": ", ".join(t.name for t in release.tags.all()),
        "hero_alt": release.hero_alt,
        "hero_caption": release.hero_caption,
        "hero_credit": release.hero_credit,
        "embargo_until": "",
        "publish_at": "",
        **management("quotes", len(quotes), len(quotes)),
        **management("contacts", len(contacts), len(contacts)),
        **management("photos", 0),
        **management("attachments", 0),
    }
    for i, q in enumerate(quotes):
        data.update(
            {f"quotes-{i}-speaker": q.speaker, f"quotes-{i}-role": q.role, f"quotes-{i}-text": q.text}
        )
    for i, c in enumerate(contacts):
        data.update(
            {
                f"contacts-{i}-name": c.name,
                f"contacts-{i}-role": c.role,
                f"contacts-{i}-phone": c.phone,
                f"contacts-{i}-email": c.email,
            }
        )
    data.update(changes)
    return data
