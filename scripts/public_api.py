#!/usr/bin/env python3
"""Prints the public API of `sunor-errors`, one sorted line per item, from rustdoc's JSON.

Every public path a user can name (re-exports followed, so an item reached by two paths is
listed under both), its kind, and for types and traits their inherent and trait items and
the traits they implement (auto traits and blanket impls left out). `#[doc(hidden)]` items
are listed with `(hidden)` (they still work and are still covered by semver), deprecated ones
with `(deprecated)`; `__private` (what the derive's output calls, not covered) is left out.

    RUSTC_BOOTSTRAP=1 cargo rustdoc -p sunor-errors --all-features --lib --locked -- \\
        -Z unstable-options --output-format json --document-hidden-items
    python3 scripts/public_api.py target/doc/sunor_errors.json > sunor-errors/public-api.txt

The JSON format is nightly rustdoc's (stable rustc reads it through RUSTC_BOOTSTRAP): only a
few long-stable fields are used.
"""

import json
import sys

SKIP_MODULES = {"__private"}


def main(path):
    doc = json.load(open(path, encoding="utf-8"))
    index = doc["index"]
    lines = set()

    def item(item_id):
        return index.get(str(item_id))

    def flags(it, hidden):
        out = []
        if hidden or is_hidden(it):
            out.append("(hidden)")
        if it.get("deprecation"):
            out.append("(deprecated)")
        return (" " + " ".join(out)) if out else ""

    def kind_of(it):
        return next(iter(it["inner"]))

    def walk(item_id, prefix, hidden, seen):
        it = item(item_id)
        if it is None or item_id in seen:
            return
        kind = kind_of(it)
        if kind == "use":
            use = it["inner"]["use"]
            target = use.get("id")
            if target is None or item(target) is None:
                # A re-export of another crate's item.
                name = use["name"]
                lines.add(f"{prefix}{name} (re-export of {use['source']}){flags(it, hidden)}")
                return
            if use.get("is_glob"):
                for child in item(target)["inner"].get("module", {}).get("items", []):
                    walk(child, prefix, hidden or is_hidden(it), seen)
                return
            walk_named(target, prefix, use["name"], hidden or is_hidden(it), seen | {item_id})
            return
        if it.get("visibility") != "public" and kind != "impl":
            return
        walk_named(item_id, prefix, it.get("name"), hidden, seen)

    def walk_named(item_id, prefix, name, hidden, seen):
        it = item(item_id)
        if it is None or name is None:
            return
        kind = kind_of(it)
        path = f"{prefix}{name}"
        hidden = hidden or is_hidden(it)
        if kind == "module":
            if name in SKIP_MODULES:
                return
            lines.add(f"{path} mod{flags(it, hidden)}")
            for child in it["inner"]["module"]["items"]:
                walk(child, path + "::", hidden, seen | {item_id})
            return
        lines.add(f"{path} {kind}{flags(it, hidden)}")
        inner = it["inner"][kind]
        if not isinstance(inner, dict):
            return
        if kind == "enum":
            for variant in inner.get("variants", []):
                v = item(variant)
                if v is not None:
                    lines.add(f"{path}::{v['name']} variant{flags(v, hidden)}")
        if kind == "trait":
            for member in inner.get("items", []):
                m = item(member)
                if m is not None:
                    lines.add(f"{path}::{m['name']} {kind_of(m)}{flags(m, hidden)}")
        for impl_id in inner.get("impls", []):
            impl = item(impl_id)
            if impl is None:
                continue
            body = impl["inner"]["impl"]
            if body.get("is_synthetic") or body.get("blanket_impl") is not None:
                continue
            trait = body.get("trait")
            if trait is not None:
                if trait["path"] in NOISE_TRAITS:
                    continue
                target = render_type(body.get("for"))
                target = "" if target.split("<")[0].split("::")[-1] == it["name"] else f" for {target}"
                lines.add(f"{path}: impl {render_path(trait)}{target}{flags(impl, hidden)}")
                continue
            for member in body.get("items", []):
                m = item(member)
                if m is None or m.get("visibility") != "public":
                    continue
                lines.add(f"{path}::{m['name']} {kind_of(m)}{flags(m, hidden)}")

    root = doc["root"]
    lines.add("sunor_errors mod")
    for child in item(root)["inner"]["module"]["items"]:
        walk(child, "sunor_errors::", False, frozenset({root}))
    for line in sorted(lines):
        print(line)


# Implemented by the compiler for derives; not something a user names.
NOISE_TRAITS = {"StructuralPartialEq", "TrivialClone"}


def render_path(path):
    """`From<AttemptError>`: a path with its generic arguments, as far as they are types."""
    args = path.get("args") or {}
    angle = args.get("angle_bracketed") if isinstance(args, dict) else None
    if not angle or not angle.get("args"):
        return path["path"]
    rendered = []
    for arg in angle["args"]:
        if isinstance(arg, dict) and "type" in arg:
            rendered.append(render_type(arg["type"]))
        elif isinstance(arg, dict) and "lifetime" in arg:
            rendered.append(arg["lifetime"])
        else:
            rendered.append("_")
    return f"{path['path']}<{', '.join(rendered)}>"


def render_type(ty):
    if not isinstance(ty, dict):
        return "_"
    if "resolved_path" in ty:
        return render_path(ty["resolved_path"])
    if "generic" in ty:
        return ty["generic"]
    if "primitive" in ty:
        return ty["primitive"]
    if "borrowed_ref" in ty:
        ref = ty["borrowed_ref"]
        mutable = "mut " if ref.get("is_mutable") else ""
        return f"&{mutable}{render_type(ref.get('type'))}"
    if "slice" in ty:
        return f"[{render_type(ty['slice'])}]"
    if "tuple" in ty:
        return "(" + ", ".join(render_type(t) for t in ty["tuple"]) + ")"
    if "dyn_trait" in ty:
        traits = ty["dyn_trait"].get("traits", [])
        return "dyn " + " + ".join(render_path(t["trait"]) for t in traits if "trait" in t)
    return "_"


def is_hidden(it):
    for attr in it.get("attrs", []):
        text = attr if isinstance(attr, str) else json.dumps(attr)
        if "doc(hidden)" in text:
            return True
    return False


if __name__ == "__main__":
    main(sys.argv[1])
