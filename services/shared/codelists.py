"""Codelists are versioned data files (``codelists/<name>.v<N>.json``) with
Finnish and English labels; code only looks them up."""
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CODELIST_DIR = Path(__file__).with_name("codelists")
_FILE_RE = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.json$")


@dataclass(frozen=True)
class Codelist:
    name: str
    version: int
    entries: dict  # code -> the file's row (labels and attributes)

    @property
    def codes(self):
        return list(self.entries)

    def __contains__(self, code):
        return code in self.entries

    def label(self, code, lang="fi"):
        return self.entries[code][lang]

    def codes_where(self, attribute):
        return [code for code, row in self.entries.items() if row.get(attribute)]


def available(directory=CODELIST_DIR):
    """{name: {version: path}} of the versioned data files in ``directory``."""
    found = {}
    for path in directory.glob("*.json"):
        match = _FILE_RE.match(path.name)
        if match:
            found.setdefault(match["name"], {})[int(match["version"])] = path
    return found


@lru_cache(maxsize=None)
def get(name, version=None):
    """The named codelist; the newest version unless one is asked for."""
    versions = available().get(name)
    if not versions:
        raise KeyError(f"no codelist named {name!r}")
    version = max(versions) if version is None else version
    data = json.loads(versions[version].read_text(encoding="utf-8"))
    entries = {row["code"]: row for row in data["codes"]}
    return Codelist(name=data["codelist"], version=data["version"], entries=entries)
