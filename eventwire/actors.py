"""Actor coding: which country and sector a name, a title or a descriptive phrase belongs to.

Everything here is looked up in data files (``countries.tsv``, ``nb/countries.yaml``,
``en/countries.yaml``, ``actors.yaml``, ``nb/roles.yaml``), loaded once and indexed by
:func:`lexicon`.  The public helpers other stages use:

* :func:`country_of_word` — "nordkoreanske", "Sør-Koreas", "svensker", "American" → ISO3
* :func:`actor_for_text` — "Regjeringen i Sør-Korea" → ("KOR", "GOV"); "NTB" → ("NOR", "JRN")
* :func:`words` and :func:`descriptors` — the word list and title phrases of a text, which the
  entities stage builds on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from . import resources
from .dates import as_date, precision

_WORD = re.compile(r"\w+(?:[-'’.&]\w+)*")
MAX_NAME_WORDS = 6


# ----------------------------------------------------------------------------- records
@dataclass(frozen=True)
class Role:
    role: str
    country: str | None
    sector: str | None
    start: date | None = None
    end: date | None = None

    def overlaps(self, first: date, last: date) -> bool:
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)


@dataclass(frozen=True)
class Actor:
    """A known person or organisation from ``actors.yaml``."""

    name: str
    kind: str  # PER | ORG
    country: str | None = None
    sector: str | None = None
    gender: str | None = None
    roles: tuple[Role, ...] = ()
    #: (language, name) where the name in that language is another (``name_en`` in actors.yaml)
    names: tuple[tuple[str, str], ...] = ()

    def name_in(self, language: str | None) -> str:
        """The actor's name in ``language`` ("FN" is "United Nations" in English)."""
        from .language import data_language

        return dict(self.names).get(data_language(language) or "", self.name)

    def roles_at(self, published: str | None) -> list[Role]:
        first, last = period(published)
        return [r for r in self.roles if r.overlaps(first, last)]

    def code_at(self, published: str | None) -> tuple[str | None, str | None]:
        """(country, sector) at the publication date: the role then held, else the default."""
        for r in self.roles_at(published):
            return r.country, r.sector
        return self.country, self.sector


@dataclass(frozen=True)
class Title:
    """A role title from ``nb/roles.yaml`` ("president", "regjering")."""

    word: str
    sector: str | None
    kind: str
    role: str | None = None
    name: str | None = None
    bare_plural: bool = False
    group: bool = False  # its plural names a group actor ("russiske soldater", "demonstrantene")
    qualified: bool = False  # a group only with an adjective before it ("vestlige land")
    generic: bool = False  # an organisation's sector beats the title's ("Økokrims direktør")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str


@dataclass
class Descriptor:
    """A title phrase: "den svenske Nord-Korea-analytikeren", "Regjeringen i Sør-Korea"."""

    start: int
    end: int
    title: Title
    form: str  # indef | def | plural | def_plural
    head: int  # index of the title word in the word list
    country: str | None = None
    affiliation: Actor | None = None
    exact: bool = True  # the word is the title itself, not a compound ending in it
    qualified: bool = False  # a country or group adjective stands before the title word

    @property
    def plural(self) -> bool:
        return self.form in ("plural", "def_plural")

    @property
    def group(self) -> bool:
        """A plural that names a group actor; other plural titles ("lederne") name no one."""
        if not (self.plural and self.title.group):
            return False
        return self.qualified or not self.title.qualified

    @property
    def sector(self) -> str | None:
        if self.affiliation is not None and (self.title.sector is None or self.title.generic):
            return self.affiliation.sector or self.title.sector
        return self.title.sector

    @property
    def role(self) -> str | None:
        return self.title.role if self.exact else None


@dataclass
class Lexicon:
    """Every name and word the actor coder knows, indexed for exact lookups."""

    country_names: dict[str, str] = field(default_factory=dict)  # surface (also genitive) → ISO3
    genitives: set[str] = field(default_factory=set)
    country_words: dict[str, str] = field(default_factory=dict)  # lowercase adjective/demonym → ISO3
    display: dict[tuple[str, str], str] = field(default_factory=dict)  # (ISO3, lang) → name
    stop_names: set[str] = field(default_factory=set)
    actors: dict[str, Actor | None] = field(default_factory=dict)  # strong alias → actor (None: ambiguous)
    context_actors: dict[str, list[Actor]] = field(default_factory=dict)
    ner_actors: dict[str, Actor] = field(default_factory=dict)
    titles: dict[str, tuple[Title, str]] = field(default_factory=dict)  # form → (title, form kind)
    modifiers: set[str] = field(default_factory=set)
    group_adjectives: set[str] = field(default_factory=set)
    determiners: set[str] = field(default_factory=set)
    definite_determiners: set[str] = field(default_factory=set)  # "the": the title is definite
    of_country: set[str] = field(default_factory=set)
    name_patterns: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # last word → code
    pattern_stops: set[str] = field(default_factory=set)
    pattern_actors: dict[str, Actor] = field(default_factory=dict)  # made once per name


# ----------------------------------------------------------------------------- dates
def period(published: str | None) -> tuple[date, date]:
    """The first and last day that a published date covers (today when unknown)."""
    if not published:
        today = date.today()
        return today, today
    first = as_date(published)
    p = precision(published)
    if p == "year":
        return first, date(first.year, 12, 31)
    if p == "month":
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    return first, first


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else as_date(str(value))


# ----------------------------------------------------------------------------- loading
def genitive(name: str, language: str | None = None) -> str:
    """The genitive of a name: Norwegian "Sør-Korea" → "Sør-Koreas", "Hellas" → "Hellas'";
    English (``language`` en) "Russia" → "Russia's", "Philippines" → "Philippines'"."""
    from .language import data_language

    if data_language(language) == "en":
        return name + ("'" if name.endswith("s") else "'s")
    return name + ("'" if name[-1] in "sxz" else "s")


def _noun_forms(noun: str) -> list[str]:
    """Singular/plural, indefinite/definite forms of a demonym ("amerikaner", "svenske")."""
    if noun.endswith("mann"):
        stem = noun[:-4]
        return [noun, noun + "en", stem + "menn", stem + "mennene"]
    if noun.endswith("kvinne"):
        return [noun, noun + "n", noun + "r", noun + "ne"]
    if noun.endswith("e"):
        return [noun, noun + "n", noun + "r", noun + "ne"]
    if noun.endswith("er"):
        return [noun, noun + "e", noun + "en", noun + "ne"]
    return [noun, noun + "en", noun + "er", noun + "ene", noun + "e", noun + "ne"]


def _adjective_forms(adj: str) -> list[str]:
    forms = [adj, adj + "e"]
    if not adj.endswith(("sk", "t")):
        forms.append(adj + "t")
    return forms


def _add_country(lex: Lexicon, iso3: str, name: str) -> None:
    name = name.strip()
    if not name or name in lex.stop_names:
        return
    lex.country_names.setdefault(name, iso3)
    for gen in (genitive(name), genitive(name, "en")):
        lex.country_names.setdefault(gen, iso3)
        lex.genitives.add(gen)


def _load_countries(lex: Lexicon) -> None:
    for lang in ("nb", "en"):
        lex.stop_names.update(resources.load(f"{lang}/countries.yaml").get("stop_names") or [])
    for row in resources.load("countries.tsv"):
        iso3 = row["iso3"]
        lex.display[(iso3, "nb")] = re.sub(r"\s*\(.*\)", "", row["name_nb"])
        lex.display[(iso3, "en")] = row["name_en"]
        names = [row["name_nb"], row["name_en"], *row["names_en"].split("|")]
        for name in names:
            for part in re.split(r"\s*[()]\s*", name):
                _add_country(lex, iso3, part)
    for lang in ("nb", "en"):
        curated = resources.load(f"{lang}/countries.yaml")["countries"]
        for iso3, entry in curated.items():
            if entry.get("names"):  # a state no longer in countries.tsv is shown by its first name
                lex.display.setdefault((iso3, lang), entry["names"][0])
            for name in entry.get("names") or []:
                _add_country(lex, iso3, name)
            for adj in entry.get("adjectives") or []:
                for form in (_adjective_forms(adj) if lang == "nb" else [adj]):
                    lex.country_words.setdefault(form.lower(), iso3)
            for noun in entry.get("demonyms") or []:
                for form in (_noun_forms(noun) if lang == "nb" else [noun, noun + "s"]):
                    lex.country_words.setdefault(form.lower(), iso3)


def _role(entry: dict) -> Role:
    return Role(role=entry["role"], country=entry.get("country"), sector=entry.get("sector"),
                start=_date(entry.get("start")), end=_date(entry.get("end")))


def _add_alias(lex: Lexicon, alias: str, actor: Actor) -> None:
    known = lex.actors.get(alias, actor)
    lex.actors[alias] = actor if known == actor else None  # two actors share it: ambiguous


def _load_actors(lex: Lexicon) -> None:
    data = resources.load("actors.yaml")
    for kind, key in (("PER", "people"), ("ORG", "organizations")):
        for entry in data[key]:
            names = tuple((key[len("name_"):], value) for key, value in entry.items() if key.startswith("name_"))
            actor = Actor(name=entry["name"], kind=kind, country=entry.get("country"),
                          sector=entry.get("sector"), gender=entry.get("gender"),
                          roles=tuple(_role(r) for r in entry.get("roles") or ()), names=names)
            strong = [entry["name"], *(entry.get("aliases") or []), *(n for _, n in names)]
            if entry.get("ner_only"):
                for alias in strong:
                    lex.ner_actors[alias] = actor
                continue
            for alias in strong:
                _add_alias(lex, alias, actor)
                if kind == "ORG":
                    _add_alias(lex, genitive(alias), actor)
                    _add_alias(lex, genitive(alias, "en"), actor)
            for alias in entry.get("context_aliases") or []:
                lex.context_actors.setdefault(alias, []).append(actor)
            for alias in entry.get("ner_aliases") or []:
                lex.ner_actors[alias] = actor
    for word, code in (data.get("name_patterns") or {}).items():
        lex.name_patterns[word] = (code.get("country"), code.get("sector"))
    lex.pattern_stops = set(data.get("name_pattern_stops") or [])


def _title_forms(word: str, inflection: str = "nb") -> dict[str, str]:
    if " " in word:
        return {word: "indef"}
    if inflection == "en":
        plural = (word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou"
                  else word + "es" if word.endswith(("s", "sh", "ch", "x")) else word + "s")
        return {word: "indef", plural: "plural"}
    forms = {word: "indef", word + "en": "def", word + "et": "def", word + "a": "def",
             word + "ene": "def_plural", word + "er": "plural", word + "e": "plural"}
    if word.endswith("er"):
        forms.update({word + "ne": "def_plural", word + "e": "plural"})
    if word.endswith("e"):
        forms.update({word + "n": "def", word + "r": "plural", word + "ne": "def_plural"})
    return forms


def _title_entries(data: dict) -> dict[str, dict]:
    """Titles and group nouns of ``nb/roles.yaml`` merged: a group noun that is no title is a
    person title whose plural is the group ("demonstrant" → "demonstranter")."""
    entries = {word: dict(entry) for word, entry in data["titles"].items()}
    for word, group in (data.get("groups") or {}).items():
        group = group or {}
        entry = entries.setdefault(word, {"sector": group.get("sector"), "kind": "PER"})
        entry.update(group=True, qualified=bool(group.get("qualified")), plural_forms=group.get("plural_forms"))
        entry["bare_plural"] = entry.get("bare_plural") or group.get("bare_plural")
        if group.get("name"):
            entry["name"] = group["name"]
    return entries


#: the languages whose ``roles.yaml`` the title lexicon holds; the first wins a shared word
_ROLE_LANGUAGES = ("nb", "en")


def _load_titles(lex: Lexicon) -> None:
    for lang in _ROLE_LANGUAGES:
        _load_roles(lex, resources.load(f"{lang}/roles.yaml"))


def _load_roles(lex: Lexicon, data: dict) -> None:
    inflection = data.get("inflection", "nb")
    by_word: dict[str, Title] = {}
    for word, entry in _title_entries(data).items():
        title = Title(word=word, sector=entry.get("sector"), kind=entry["kind"], role=entry.get("role"),
                      name=entry.get("name"), bare_plural=bool(entry.get("bare_plural")),
                      group=bool(entry.get("group")), qualified=bool(entry.get("qualified")),
                      generic=bool(entry.get("generic")))
        by_word[word] = title
        for form, kind in _title_forms(word, inflection).items():
            if not title.qualified or kind in ("plural", "def_plural"):
                lex.titles.setdefault(form, (title, kind))
        for form in entry.get("plural_forms") or []:
            lex.titles.setdefault(form, (title, "def_plural" if form.endswith("ne") else "plural"))
    for form, word in (data.get("irregular") or {}).items():
        kind = ("plural" if inflection == "en"
                else "def_plural" if form.endswith("e") and not form.endswith("en") else "def")
        lex.titles[form] = (by_word[word], kind)
    adjectives = {f for adj in data.get("group_adjectives") or []
                  for f in (_adjective_forms(adj) if inflection == "nb" else [adj])}
    lex.group_adjectives |= adjectives
    lex.modifiers |= set(data.get("modifiers") or []) | adjectives
    lex.determiners |= set(data.get("determiners") or [])
    lex.definite_determiners |= set(data.get("definite_determiners") or [])
    lex.of_country |= set(data.get("of_country") or [])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The actor lexicon, built once from the data files."""
    lex = Lexicon()
    _load_countries(lex)
    _load_actors(lex)
    _load_titles(lex)
    return lex


# ----------------------------------------------------------------------------- lookups
def country_name(iso3: str, language: str | None = "nb") -> str:
    """The display name of a country in ``language`` (nb names for nb/nn, else English)."""
    from .language import data_language

    lang = "nb" if data_language(language) == "nb" else "en"
    lex = lexicon()
    return lex.display.get((iso3, lang)) or lex.display.get((iso3, "en")) or iso3


def country_of_name(name: str) -> str | None:
    """ISO3 of a country name as written ("Nord-Korea", "Sør-Koreas", "USA"), else None."""
    return lexicon().country_names.get(name.strip())


def country_of_word(word: str) -> str | None:
    """ISO3 for a country name, genitive, nationality adjective or demonym, else None.

    >>> country_of_word("nordkoreanske")
    'PRK'
    """
    word = word.strip()
    lex = lexicon()
    found = lex.country_names.get(word)
    if found is None and word[:1].islower():
        found = lex.country_names.get(word[:1].upper() + word[1:])
    return found or lex.country_words.get(word.lower())


def known_actor(text: str, context_countries: set[str] | frozenset[str] = frozenset(),
                tagged: bool = False, home: frozenset[str] = frozenset()) -> Actor | None:
    """The known actor that ``text`` names unambiguously, else None.

    Weak aliases ("Kim") count only when the actor's country is in ``context_countries``, else
    (none fitting there) in the ``home`` countries of the article's language ("Demokratene" in
    a Norwegian article that names no other country); word-like aliases ("Høyre") only when
    the model ``tagged`` the text as a name.
    """
    lex = lexicon()
    text = text.strip()
    actor = lex.actors.get(text)
    if actor is not None:
        return actor
    if tagged and text in lex.ner_actors:
        return lex.ner_actors[text]
    weak = lex.context_actors.get(text, ())
    fits = [a for a in weak if a.country in context_countries] or [a for a in weak if a.country in home]
    return fits[0] if len(fits) == 1 else pattern_actor(text)


def role_holders(role: str, country: str, published: str | None) -> list[Actor]:
    """The known people who held ``role`` for ``country`` at the publication date."""
    people = {id(a): a for a in lexicon().actors.values() if a is not None and a.kind == "PER"}
    return [a for a in people.values() if any(r.role == role and r.country == country
                                              for r in a.roles_at(published))]


def pattern_actor(text: str) -> Actor | None:
    """A body named by place and kind ("Bergen tingrett", "Gulating lagmannsretts",
    "Askøy kommune"): capitalised words before a ``name_patterns`` word of ``actors.yaml``."""
    lex = lexicon()
    parts = text.split()
    if len(parts) < 2 or parts[0].lower() in lex.pattern_stops:
        return None
    last = parts[-1]
    code = lex.name_patterns.get(last) or (lex.name_patterns.get(last[:-1]) if last.endswith("s") else None)
    if code is None or not all(p[:1].isupper() for p in parts[:-1]):
        return None
    name = text if last in lex.name_patterns else text[:-1]
    if name not in lex.pattern_actors:
        lex.pattern_actors[name] = Actor(name=name, kind="ORG", country=code[0], sector=code[1])
    return lex.pattern_actors[name]


def words(text: str) -> list[Word]:
    """The words of ``text`` with their character offsets (hyphen compounds kept whole)."""
    return [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def title_of(word: str) -> tuple[Title, str, bool, str] | None:
    """(title, form, exact, prefix) for a title word or a compound ending in one, else None."""
    lex = lexicon()
    low = word.lower()
    hit = lex.titles.get(low)
    if hit is not None:
        return hit[0], hit[1], True, ""
    for k in range(3, len(low) - 2):
        hit = lex.titles.get(low[k:])
        if hit is not None and hit[0].kind != "LOC":
            return hit[0], hit[1], False, word[:k].rstrip("-")
    return None


def _country_after(ws: list[Word], i: int, text: str) -> tuple[str | None, int]:
    """A country named by "i X" / "fra X" after word ``i``: (ISO3, index of last word)."""
    lex = lexicon()
    if i + 2 >= len(ws) or ws[i + 1].text.lower() not in lex.of_country:
        return None, i
    if not (_adjacent(text, ws[i], ws[i + 1]) and _adjacent(text, ws[i + 1], ws[i + 2])):
        return None, i
    for n in range(min(MAX_NAME_WORDS, len(ws) - i - 2), 0, -1):
        name = text[ws[i + 2].start:ws[i + 1 + n].end]
        iso3 = lex.country_names.get(name)
        if iso3 and name not in lex.genitives:
            return iso3, i + 1 + n
    return None, i


def _adjacent(text: str, left: Word, right: Word) -> bool:
    """Only spaces stand between two words (no punctuation, no line break)."""
    return text[left.end:right.start].strip(" ") == ""


def _left_edge(ws: list[Word], i: int, text: str) -> tuple[int, str | None, bool]:
    """Extend a title phrase leftwards over determiner, modifiers, adjective or genitive:
    (first word index, country, whether a country or group adjective qualifies the title)."""
    lex = lexicon()
    j, country, qualified = i, None, False
    if j > 0 and ws[j - 1].text in lex.genitives and _adjacent(text, ws[j - 1], ws[j]):
        return j - 1, lex.country_names[ws[j - 1].text], True
    while j > 0 and i - j < 3 and _adjacent(text, ws[j - 1], ws[j]):
        prev = ws[j - 1].text
        low = prev.lower()
        if low in lex.country_words:
            country, qualified = country or lex.country_words[low], True
        elif low not in lex.modifiers:
            break
        qualified = qualified or low in lex.group_adjectives
        j -= 1
    if (j < i and country is None and j > 0 and ws[j - 1].text in lex.genitives
            and _adjacent(text, ws[j - 1], ws[j])):  # "Norway's foreign minister"
        return j - 1, lex.country_names[ws[j - 1].text], True
    if j > 0 and ws[j - 1].text.lower() in lex.determiners and _adjacent(text, ws[j - 1], ws[j]):
        j -= 1
    return j, country, qualified


def _owner_before(ws: list[Word], i: int, text: str) -> tuple[Actor | None, int]:
    """A known organisation in the genitive right before a title ("Økokrims direktør")."""
    if i == 0 or not _adjacent(text, ws[i - 1], ws[i]) or not ws[i - 1].text.endswith(("s", "'")):
        return None, i
    actor = known_actor(ws[i - 1].text)
    return (actor, i - 1) if actor is not None and actor.kind == "ORG" else (None, i)


def descriptors(text: str, ws: list[Word] | None = None) -> list[Descriptor]:
    """Every title phrase in ``text``; indefinite singulars are kept (they count only before
    a name, which the caller decides)."""
    ws = words(text) if ws is None else ws
    lex = lexicon()
    out: list[Descriptor] = []
    for i, w in enumerate(ws):
        found = title_of(w.text)
        if found is None or (w.text[:1].isupper() and i > 0 and not _sentence_start(text, w.start)
                             and found[2]):
            continue
        title, form, exact, prefix = found
        start_i, country, qualified = _left_edge(ws, i, text)
        if start_i < i and ws[start_i].text.lower() in lex.definite_determiners:
            form = {"indef": "def", "plural": "def_plural"}.get(form, form)
        after, end_i = _country_after(ws, i, text)
        affiliation = known_actor(prefix) if prefix else None
        if affiliation is None and start_i == i:
            affiliation, start_i = _owner_before(ws, i, text)
        if affiliation is not None and affiliation.kind != "ORG":
            affiliation = None
        out.append(Descriptor(start=ws[start_i].start, end=ws[end_i].end, title=title, form=form, head=i,
                              country=country or after or (affiliation.country if affiliation else None),
                              affiliation=affiliation, exact=exact, qualified=qualified or after is not None))
    return out


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t«\"'–-")
    return not before or before[-1] in ".!?:\n"


def actor_for_text(text: str, published: str | None = None) -> tuple[str | None, str | None] | None:
    """(country, sector) of a name or a descriptive phrase, or None when nothing is known.

    >>> actor_for_text("Regjeringen i Sør-Korea")
    ('KOR', 'GOV')
    """
    text = text.strip()
    actor = known_actor(text, tagged=True)
    if actor is not None:
        return actor.code_at(published)
    iso3 = country_of_word(text)
    if iso3 is not None:
        return iso3, None
    ws = words(text)
    for i in range(len(ws)):
        for j in range(min(len(ws), i + MAX_NAME_WORDS), i, -1):
            actor = known_actor(text[ws[i].start:ws[j - 1].end])
            if actor is not None:
                return actor.code_at(published)
    found = [d for d in descriptors(text, ws) if d.title.kind != "LOC"]
    if found:
        d = found[-1]
        return d.country, d.sector
    for w in ws:
        iso3 = country_of_word(w.text)
        if iso3 is not None:
            return iso3, None
    return None
