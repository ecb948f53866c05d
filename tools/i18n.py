"""Extract, update, check and compile danvan's translation catalogs (danvan_cli/locale).

    python tools/i18n.py update [--domain render]   # new texts of the code → .po (empty translations)
    python tools/i18n.py compile                    # .po → .mo (checked in; the package reads .mo)
    python tools/i18n.py check                      # exit 1 when a text lacks English or a .mo is stale

The source language is Vietnamese (see danvan_cli/i18n.py). Each part of the code has its
catalog, named by its folder under danvan_cli/ (or its name, for a module at the top), so
that people translating different parts never edit the same file. ``update`` keeps every
translation already written and drops texts the code no longer has.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "danvan_cli"
LOCALE = PACKAGE / "locale"
LANGS = ("vi", "en")
KEYWORDS = DEFAULT_KEYWORDS | {"N_": None}
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)
FIELD = re.compile(r"\{([^{}]*)\}")
CLICK_DOMAIN = "click"


def domain_of(path: str) -> str:
    """``render/xlsx.py`` → ``render``; a module at the top, ``issues.py`` → ``issues``."""
    parts = Path(path).parts
    return parts[0] if len(parts) > 1 else Path(path).stem


def extract() -> dict[str, dict[str | tuple[str, ...], list[tuple[str, int]]]]:
    """Every marked text of the package, by catalog: message id → where it is used."""
    found: dict[str, dict[str | tuple[str, ...], list[tuple[str, int]]]] = defaultdict(dict)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
    ):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        found[domain_of(filename)].setdefault(message, []).append((f"danvan_cli/{filename}", lineno))
    return found


def po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, lang: str, domain: str) -> Catalog:
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=domain)
    return new_catalog(lang, domain)


def new_catalog(lang: str, domain: str) -> Catalog:
    return Catalog(locale=lang, domain=domain, project="danvan", version="1", charset="utf-8", fuzzy=False,
                   copyright_holder="danvan contributors", msgid_bugs_address="",
                   header_comment=f"# {'English' if lang == 'en' else 'Vietnamese'} texts of danvan ({domain}).\n"
                                  "# Source language: Vietnamese (message ids). Edit the msgstr, then run\n"
                                  "# python tools/i18n.py compile; new texts come with python tools/i18n.py update.")


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, sort_output=False, include_previous=False)
    path.write_bytes(buffer.getvalue())


def compiled(path: Path, lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(path, lang, path.stem), use_fuzzy=False)
    return buffer.getvalue()


def update(only: str | None) -> None:
    for domain, messages in sorted(extract().items()):
        if only and domain != only:
            continue
        for lang in LANGS:
            path = po_path(lang, domain)
            old = read(path, lang, domain)
            new = new_catalog(lang, domain)
            new.creation_date = old.creation_date
            new.revision_date = old.revision_date
            for msgid, places in messages.items():
                key = msgid[0] if isinstance(msgid, tuple) else msgid
                previous = old.get(key)
                plural = isinstance(msgid, tuple)
                empty: str | tuple[str, str] = ("", "") if plural else ""
                # a text that became counted (or stopped being) starts again untranslated
                same_kind = previous is not None and isinstance(previous.string, tuple) == plural
                string = previous.string if previous is not None and same_kind else empty
                new.add(msgid, string, locations=places)
            write(new, path)
    compile_all()


def compile_all() -> None:
    for lang in LANGS:
        for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
            po.with_suffix(".mo").write_bytes(compiled(po, lang))


def problems() -> list[str]:
    """What keeps the catalogs from being complete and current, one line each."""
    found: list[str] = []
    for domain, messages in sorted(extract().items()):
        for lang in LANGS:
            path = po_path(lang, domain)
            if not path.exists():
                found.append(f"{path.relative_to(ROOT)}: missing (run python tools/i18n.py update)")
                continue
            catalog = read(path, lang, domain)
            for msgid, places in messages.items():
                key = msgid[0] if isinstance(msgid, tuple) else msgid
                where = f"{places[0][0]}:{places[0][1]}"
                entry = catalog.get(key)
                if entry is None:
                    found.append(f"{path.relative_to(ROOT)}: no entry for {key!r} ({where})")
                    continue
                strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                if lang == "en" and not all(strings):
                    found.append(f"{path.relative_to(ROOT)}: no English for {key!r} ({where})")
                    continue
                for string in strings:
                    if not string:
                        continue
                    if lang == "en" and VIETNAMESE.search(string):
                        found.append(f"{path.relative_to(ROOT)}: Vietnamese letters in the English of {key!r}: {string!r}")
                    wanted = set(FIELD.findall(key))
                    if set(FIELD.findall(string)) != wanted:
                        found.append(f"{path.relative_to(ROOT)}: fields {sorted(set(FIELD.findall(string)))} "
                                     f"in the translation of {key!r}, the text has {sorted(wanted)}")
    for lang in LANGS:
        for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != compiled(po, lang):
                found.append(f"{mo.relative_to(ROOT)}: not compiled from its .po (run python tools/i18n.py compile)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "compile", "check"))
    parser.add_argument("--domain", help="update only this catalog (render, validation, cli, …)")
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.domain)
    elif args.command == "compile":
        compile_all()
    else:
        listed = problems()
        for line in listed:
            print(line)
        print(f"{len(listed)} problem(s)")
        return 1 if listed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
