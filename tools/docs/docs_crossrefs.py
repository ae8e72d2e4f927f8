"""Griffe extension: the docstrings' Sphinx roles become checked cross-references.

The package's numpydoc docstrings name other objects with Sphinx roles (:func:`expected_crlb`,
:class:`isacnet.models.coop.CoopModel`). mkdocstrings does not read roles, so without this
extension they render as literal text and nobody notices when the named object is renamed.

Once the whole package is loaded, every role in every docstring is resolved the way Python would
resolve the name in the docstring's scope (the object, its class, its module and the names the
module imports; a dotted name from its first component):

* a name that resolves to an ``isacnet`` object that exists becomes a link to that object's API
  entry where the site has one, and plain code otherwise (a private helper, a figure module);
* a name that does not resolve, or resolves to an ``isacnet`` path that does not exist, is a stale
  docstring: a warning, which fails the strict build;
* builtins and other packages (:class:`numpy.random.Generator`, :class:`dict`) stay plain code.
"""

from __future__ import annotations

import builtins
import logging
import re
from typing import Any

import griffe

_log = logging.getLogger("mkdocs.plugins.isacnet.crossrefs")

# `[shape] [unit]` (the docstrings' convention) would read as a Markdown reference link `[text][label]`
_SHAPE_UNIT = re.compile(r"\](\s?)\[")
_CODE_SPAN = re.compile(r"(``?)(?:(?!\1).)+?\1", re.DOTALL)
# reST's "text::" before an indented literal block: Markdown shows the indented block as code already
_LITERAL_MARKER = re.compile(r"(?<=\S)::(?=[ \t]*\n[ \t]*\n)")
ROLE = re.compile(r":(?:py:)?(?P<role>func|class|mod|meth|attr|data|obj|exc|const):`(?P<body>[^`]+)`")
ROOT = "isacnet"


def _split(body: str) -> tuple[str, str]:
    """(target, text shown) of a role body: ``~a.b.c`` shows ``c``; ``text <a.b>`` shows ``text``."""
    m = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^>]+)>", body)
    if m:
        return m["target"].strip(), m["text"].strip()
    target = body.strip().rstrip("()")
    if target.startswith("~"):
        target = target[1:]
        return target, target.rsplit(".", 1)[-1]
    return target, body.strip()


def _exists(collection: Any, path: str) -> bool:
    try:
        collection.get_member(path)
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    return True


def resolve(obj: griffe.Object, target: str, collection: Any) -> str | None:
    """Full path of ``target`` as named in ``obj``'s docstring; None when it is not an isacnet name.

    Raises
    ------
    LookupError
        When the name is neither an isacnet object, a builtin nor another package's name.
    """
    if target.startswith("."):  # Sphinx's leading dot: relative to the docstring's package
        module = obj if obj.is_module else obj.module
        package = module if module.is_package or module.is_subpackage else module.parent
        target = f"{package.path}{target}"
    head, _, rest = target.partition(".")
    if head == ROOT:
        path = target
    else:
        scope = obj if obj.is_class or obj.is_module else (obj.parent or obj)
        if obj.is_function and obj.parent is not None and obj.parent.is_class:
            scope = obj.parent
        try:
            base = scope.resolve(head)
        except griffe.NameResolutionError:
            if hasattr(builtins, head) or head in ("np", "numpy", "scipy", "xr", "xarray", "pd", "pandas",
                                                  "matplotlib", "plt", "pydantic", "dask", "cvxpy"):
                return None
            raise LookupError(f"{target!r} does not resolve in the scope of {scope.path}") from None
        path = f"{base}.{rest}" if rest else base
    if not path.startswith(ROOT + "."):
        return None
    if not _exists(collection, path.removeprefix(ROOT + ".")) and path != ROOT:
        raise LookupError(f"{target!r} names {path}, which does not exist")
    return path


def protect_brackets(text: str) -> str:
    """Escape the ``[`` of ``[shape] [unit]`` outside code spans, so Markdown reads no reference link."""
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_SHAPE_UNIT.sub(r"]\1\\[", text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_SHAPE_UNIT.sub(r"]\1\\[", text[pos:]))
    return "".join(out)


class RoleCrossrefs(griffe.Extension):
    """Rewrite Sphinx roles in docstrings into optional autorefs, warning on stale names."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.name != ROOT:
            return
        self._walk(pkg, pkg, set())

    def _walk(self, obj: griffe.Object, pkg: griffe.Module, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            text = ROLE.sub(lambda m: self._replace(obj, pkg, m), obj.docstring.value)
            obj.docstring.value = _LITERAL_MARKER.sub(":", protect_brackets(text))
        for member in list(obj.members.values()):
            if member.is_alias:
                continue
            self._walk(member, pkg, seen)

    @staticmethod
    def _replace(obj: griffe.Object, pkg: griffe.Module, match: re.Match) -> str:
        target, text = _split(match["body"])
        try:
            path = resolve(obj, target, pkg)
        except LookupError as err:
            _log.warning("stale reference in the docstring of %s (%s): %s", obj.path,
                         obj.relative_filepath if obj.filepath else "?", err)
            return f"`{text}`"
        if path is None:
            return f"`{text}`"
        return f'<autoref identifier="{path}" optional><code>{text}</code></autoref>'
