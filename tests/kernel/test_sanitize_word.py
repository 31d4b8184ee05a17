"""Word paste: list paragraphs become real lists and their typed glyphs are gone (one sanitiser)."""

from pathlib import Path

from kernel.sanitize import sanitize_html

FIXTURES = Path(__file__).parent / "fixtures"
GLYPHS = ("·", "§", "•", "\u00a0o\u00a0", ">o<", "&nbsp;", "mso-")


def _squash(html):
    return " ".join(html.split()).replace("> <", "><")


def test_word_bullets_become_a_nested_list_without_glyphs():
    html = _squash(sanitize_html((FIXTURES / "word_bullets.html").read_text()))
    assert html == _squash(
        "<p>Langkah yang diambil pemerintah kota:</p>"
        "<ul><li>Membuka posko kesehatan di tujuh kelurahan"
        "<ul><li>Posko buka <b>24 jam</b>"
        "<ul><li>Dokter jaga bergantian</li></ul></li></ul></li>"
        "<li>Menyalurkan air bersih &amp; makanan</li></ul>"
        "<p>Warga dapat menghubungi 112.</p>"
    )
    for glyph in GLYPHS:
        assert glyph not in html, glyph


def test_word_numbers_become_an_ordered_list_and_a_new_list_starts_a_new_ul():
    html = _squash(sanitize_html((FIXTURES / "word_numbered.html").read_text()))
    assert "<ol><li>Pendaftaran dibuka 1 Maret<ol><li>Secara daring</li></ol></li>" in html
    assert "<li>Seleksi pada 10 Maret</li></ol><ul><li>Daftar lain</li></ul>" in html
    assert "1." not in html and "a." not in html.replace("daring", "") and "2." not in html
    assert ">-" not in html


def test_ordinary_html_is_untouched_by_the_word_pass():
    html = "<p>Satu · dua</p><ul><li>o ya</li></ul>"
    assert sanitize_html(html) == html


def test_the_brief_example():
    pasted = (
        "<p class=MsoListParagraph style=\"mso-list:l0 level1 lfo1\"><span style='mso-list:Ignore'>·"
        "<span>&nbsp;&nbsp;</span></span>Teks</p>"
    )
    assert sanitize_html(pasted) == "<ul><li>Teks</li></ul>"
