import pytest

from kernel.sanitize import sanitize_html, sanitize_text

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=a></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives(payload):
    clean = sanitize_html(f"<p>Teks</p>{payload}").lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "vbscript:",
        "data:",
        "<iframe",
        "<svg",
        "style=",
        "expression(",
        "<object",
        "<embed",
        "<form",
        "<base",
        "<meta",
    ):
        assert bad not in clean, (payload, clean)


def test_editor_features_survive():
    html = (
        '<h2>Judul</h2><p><strong>Tebal</strong> <em>miring</em> <a href="https://x.go.id">tautan</a></p>'
        "<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote><p>kutipan</p></blockquote>"
        '<figure class="table"><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></figure>'
        '<figure class="image"><img src="/media/uploads/a.jpg" alt="Foto"><figcaption>Keterangan</figcaption></figure>'
    )
    clean = sanitize_html(html)
    for kept in (
        "<h2>",
        "<strong>",
        "<em>",
        'href="https://x.go.id"',
        "<ul>",
        "<ol>",
        "<blockquote>",
        "<table>",
        '<figure class="image">',
        'src="/media/uploads/a.jpg"',
        'alt="Foto"',
        "<figcaption>",
    ):
        assert kept in clean, kept
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_plain_text_is_kept_as_typed_not_escaped():
    """Plain text is stored as typed and escaped once where it is shown (issue 17): escaping it
    on save made "A & B" show as "A &amp; B" and dropped "<C>". Control characters still go."""
    typed = 'A & B <C> "D" <script>x</script>'
    assert sanitize_text(typed) == typed
    assert sanitize_text("baris\r\nkedua\x00\x07") == "baris\nkedua"


def test_rich_text_is_empty_for_what_an_empty_editor_sends():
    from kernel.sanitize import rich_text_is_empty

    for empty in (None, "", "  ", "<p>&nbsp;</p>", "<p><br></p>", "<p> </p>\n<p>&nbsp;</p>"):
        assert rich_text_is_empty(empty), empty
    for content in ("<p>x</p>", '<figure class="image"><img src="/media/a.png" alt=""></figure>', "<hr>"):
        assert not rich_text_is_empty(content), content
