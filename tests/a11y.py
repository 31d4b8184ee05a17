"""axe-core in real Chromium: WCAG 2.1 A/AA rules; serious and critical violations fail the test."""

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, impacts=("serious", "critical")):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an injected inline <script> would be refused by
        # the site's Content-Security-Policy (no 'unsafe-inline'), as it should be.
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [v for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(page, label=""):
    violations = axe_violations(page)
    report = "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"axe-core found serious/critical violations on {label or page.url}:\n{report}"
