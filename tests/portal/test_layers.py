"""Imports run downhill (DESIGN.md, docs/architecture.md): kernel <- feature apps <- portal.

Read from the source with `ast` (every import statement, also those inside functions), not from
what happens to be loaded, so a lazy import inside a view counts as much as one at the top."""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
KERNEL, PORTAL, PROJECT = "kernel", "portal", "humas"
# Every local app but the kernel, the public site and the project package (which wires all of
# them: settings, urls, the demo): today's feature apps and any added later.
FEATURE_APPS = sorted(
    app
    for app in settings.INSTALLED_APPS
    if "." not in app and (ROOT / app / "apps.py").exists() and app not in {KERNEL, PORTAL, PROJECT}
)
LOCAL_APPS = {KERNEL, PORTAL, *FEATURE_APPS}
# Distribution sends for any client: the clients (releases, conferences, crises) register their
# builders with it, it names none of them.
DISTRIBUTION_CLIENTS = {"releases", "conferences", "crises"}


def _imports(path):
    """(module name, line) of every absolute import in one file; relative ones stay in the app."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
            for alias in node.names:  # `from releases import selectors`
                yield f"{node.module}.{alias.name}", node.lineno


def _app_imports():
    """{app: {imported local app: [(module imported, "file:line"), ...]}}"""
    graph = defaultdict(lambda: defaultdict(list))
    for app in sorted(LOCAL_APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            for module, line in _imports(path):
                target = module.split(".")[0]
                if target in LOCAL_APPS and target != app:
                    graph[app][target].append((module, f"{path.relative_to(ROOT)}:{line}"))
    return graph


GRAPH = _app_imports()


def _where(app, targets):
    return sorted(where for target in targets for _module, where in GRAPH[app].get(target, []))


def test_the_apps_are_found():
    # A guard against a rule that passes because it looked at nothing.
    assert {"releases", "contacts", "distribution", "conferences", "crises", "publicinfo"} <= set(
        FEATURE_APPS
    )
    assert GRAPH["releases"][KERNEL], "releases uses the kernel; the scan found no import"
    assert GRAPH[PORTAL]["releases"], "the public site reads releases; the scan found no import"


def test_kernel_imports_no_feature_app_and_not_the_portal():
    assert _where(KERNEL, [*FEATURE_APPS, PORTAL]) == []


def test_no_feature_app_imports_the_portal():
    assert {app: _where(app, [PORTAL]) for app in FEATURE_APPS if _where(app, [PORTAL])} == {}


def test_no_app_imports_another_apps_views():
    """Apps reach each other through services and selectors; a view is a page, not an API."""
    found = [
        where
        for app in sorted(LOCAL_APPS)
        for target, modules in GRAPH[app].items()
        for module, where in modules
        if any(part == "views" or part.startswith("views_") for part in module.split(".")[1:])
    ]
    assert found == []


def test_feature_apps_import_each_other_without_a_cycle():
    edges = {app: sorted(t for t in GRAPH[app] if t in FEATURE_APPS) for app in FEATURE_APPS}
    state = {}  # app -> "visiting" | "done"

    def visit(app, trail):
        state[app] = "visiting"
        for target in edges[app]:
            if state.get(target) == "visiting":
                cycle = [*trail[trail.index(target) :], target]
                links = {f"{a} -> {b}": _where(a, [b])[:3] for a, b in zip(cycle, cycle[1:], strict=False)}
                raise AssertionError(f"import cycle {' -> '.join(cycle)}: {links}")
            if target not in state:
                visit(target, [*trail, target])
        state[app] = "done"

    for app in FEATURE_APPS:
        if app not in state:
            visit(app, [app])


def test_publicinfo_leaves_the_other_kinds_to_the_public_site():
    """The Informasi Publik list joins releases, statements and conferences: that join is the
    portal's; publicinfo knows only its documents and spokespersons."""
    assert _where("publicinfo", ["releases", "crises", "conferences"]) == []


def test_distribution_imports_none_of_its_clients():
    assert _where("distribution", sorted(DISTRIBUTION_CLIENTS)) == []


def test_the_kernel_names_no_feature_apps_permission():
    """Menus and checks in the kernel get feature permissions from the apps' registrations
    (kernel.navigation.nav_register in <app>/navigation.py), never as typed strings."""
    prefixes = tuple(f"{app}." for app in FEATURE_APPS)
    found = []
    for path in sorted((ROOT / KERNEL).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and node.value.startswith(prefixes)
                and "_" in node.value.split(".", 1)[1]
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert found == []
