"""Clustering an article's mentions into entities: names, titles and pronouns.

Mentions come in text order.  A name joins the cluster of the same known actor, country or
(for people) a name sharing a word with it ("Trump" → "Donald Trump"); a title joins the most
recent cluster whose country and role fit ("den amerikanske presidenten" → the USA head of
state); a third-person pronoun joins the earlier person the trained scorer of
:mod:`eventwire.coref_model` ranks first, when it is likely enough (without a model: the most
salient earlier person of its gender, the subject of the clause that embeds it, else of the
nearest earlier sentence).  What finds no fitting antecedent is left out rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import Actor, Descriptor, role_holders
from .records import Span

#: roles a bare "lederen" (role "leader") may refer to
HEAD_ROLES = {"head_of_state", "head_of_government", "leader", "party_leader", "opposition_leader",
              "secretary_general"}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str  # name | title | pronoun | reflexive | description | person
    label: str | None = None  # NorNE label of a name (GPE_LOC, PER, …)
    actor: Actor | None = None
    country: str | None = None  # a country name's own ISO3, or a title's country
    sector: str | None = None
    role: str | None = None
    title_kind: str | None = None  # PER | ORG for titles
    desc: Descriptor | None = None
    gender: str | None = None
    sent: int = 0
    subject: bool = False
    main: bool = False  # subject of the sentence's main verb
    governor: int | None = None  # char offset of the verb whose subject this mention is
    chain: tuple[int, ...] = ()  # char offsets of the verbs above a pronoun, nearest first
    target: "Mention | None" = None  # the name a title (or person noun) stands in apposition to
    hints: set[str] = field(default_factory=set)  # countries that context ties to a place name
    group: bool = False  # a plural title naming a group actor ("russiske soldater")
    refers: dict | None = None  # a description's antecedent kind: {type, sector, country, noun}
    head: str | None = None  # a person noun's entry in ``persons`` ("mann" for "mannen")
    definite: bool = False  # a definite person noun ("mannen") refers back; an indefinite one is new
    name: str | None = None  # what an unnamed person is called: the noun's phrase ("en mann fra Serbia")


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    actor: Actor | None = None
    roles: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def kind(self) -> str:
        if self.actor is not None:
            return self.actor.kind
        labels = [m.label for m in self.mentions if m.kind == "name" and m.label]
        if labels:
            # the most frequent label; a tie goes to the earliest (deterministic, unlike a set)
            return "GPE" if any(lb.startswith("GPE") for lb in labels) else max(labels, key=labels.count)
        titles = [m.title_kind for m in self.mentions if m.title_kind]
        return titles[0] if titles else "PER"

    def first(self, attr: str):
        for m in self.mentions:
            value = getattr(m, attr)
            if value is not None:
                return value
        return None

    @property
    def group(self) -> bool:
        return any(m.group for m in self.mentions)

    @property
    def last(self) -> int:
        return max(m.start for m in self.mentions)

    def name_words(self) -> set[str]:
        return {w for m in self.mentions if m.kind == "name" for w in m.text.replace("-", " ").split()}


class Resolver:
    """Builds clusters from mentions in text order, for one article."""

    def __init__(self, published: str | None, max_back: int = 2, home: frozenset[str] = frozenset(),
                 home_roles: frozenset[str] = frozenset(), scorer=None):
        self.published = published
        #: what picks a pronoun's antecedent among the candidates (``choose(p, clusters)``):
        #: a :class:`~eventwire.coref_model.CorefModel`; None: the salience rules
        self.scorer = scorer
        self.max_back = max_back
        self.home = home  # countries a bare "statsministeren" belongs to (Norway for nb text)
        self.home_roles = home_roles  # titles that one person holds there ("statsminister")
        self.clusters: list[Cluster] = []
        self.of: dict[int, Cluster] = {}  # id(mention) → cluster

    # -------------------------------------------------------------- adding
    def add(self, cluster: Cluster | None, m: Mention) -> Cluster:
        if cluster is None:
            cluster = Cluster()
            self.clusters.append(cluster)
        cluster.mentions.append(m)
        self.of[id(m)] = cluster
        if m.actor is not None and cluster.actor is None:
            cluster.actor = m.actor
            cluster.roles.update(r.role for r in m.actor.roles_at(self.published))
            cluster.gender = cluster.gender or m.actor.gender
        if m.role:
            cluster.roles.add(m.role)
        cluster.gender = cluster.gender or m.gender
        return cluster

    def run(self, mentions: list[Mention]) -> list[Cluster]:
        described = {id(m.target) for m in mentions if m.target is not None}  # "den tiltalte, en mann …"
        for m in sorted(mentions, key=lambda m: m.start):
            if id(m) in self.of:
                continue
            if m.kind == "name":
                self.absorb(self.add(self.match_name(m), m), m)
            elif m.kind == "title":
                self.place_title(m)
            elif m.kind == "person":
                if m.target is not None and m.target.kind == "name" and id(m.target) not in self.of:
                    self.add(self.match_name(m.target), m.target)
                found = self.of.get(id(m.target)) if m.target is not None else None
                found = found or (self.introduced(m) if m.definite else None)
                if found is not None or not m.definite or id(m) in described:
                    self.add(found, m)  # a bare "mannen" with nobody brought in is left out
            elif m.kind in ("reflexive", "description"):
                found = self.binder(m) if m.kind == "reflexive" else self.described(m)
                if found is not None:
                    self.add(found, m)
            else:
                found = self.antecedent(m)
                if found is not None:
                    self.add(found, m)
        return [c for c in self.clusters if c.mentions]

    # -------------------------------------------------------------- names
    def match_name(self, m: Mention) -> Cluster | None:
        """The cluster a name joins; of several that fit ("Clinton" after Bill and Hillary
        Clinton), the one whose name shared a word with it last, else the newest."""
        mine = {base(w) for w in m.text.replace("-", " ").split()}

        def named_last(c: Cluster) -> int:
            return max((x.start for x in c.mentions if x.kind == "name"
                        and mine & {base(w) for w in x.text.replace("-", " ").split()}), default=-1)

        for c in sorted(reversed(self.clusters), key=named_last, reverse=True):
            if m.actor is not None and c.actor is m.actor:
                return c
            if m.actor is not None and c.actor is not None:
                continue
            if m.country is not None and m.country == c.first("country") and c.kind == "GPE":
                return c if m.label is None or not m.label.startswith("PER") else None
            if self._same_name(m, c):
                return c
        return None

    def absorb(self, c: Cluster, m: Mention) -> None:
        """A full name ("Signy Fardal") joins the earlier clusters of its parts ("Signy", and
        "Fardal" that it matched) into one person."""
        mine = {base(w) for w in m.text.replace("-", " ").split()}
        if len(mine) < 2 or c.kind != "PER":
            return
        for o in [o for o in self.clusters if o is not c and o.mentions and o.kind == "PER"]:
            theirs = {base(w) for w in o.name_words()}
            if not theirs or not theirs < mine or (o.actor is not None and o.actor is not c.actor):
                continue
            for x in o.mentions:
                self.add(c, x)
            self.clusters.remove(o)
        c.mentions.sort(key=lambda x: x.start)

    def _same_name(self, m: Mention, c: Cluster) -> bool:
        names = [x.text for x in c.mentions if x.kind == "name"]
        own = base(m.text)
        if any(own == base(n) for n in names):
            return True
        if c.kind != "PER" or (m.label or "PER").startswith(("GPE", "LOC")) or m.country is not None:
            return False
        mine = set(own.replace("-", " ").split())
        theirs = {base(w) for w in c.name_words()}
        return bool(mine) and bool(theirs) and (mine <= theirs or theirs <= mine)

    # -------------------------------------------------------------- titles
    def place_title(self, m: Mention) -> None:
        if m.target is not None:
            if id(m.target) not in self.of:
                self.add(self.match_name(m.target), m.target)
            self.add(self.of[id(m.target)], m)
            return
        found = self.title_antecedent(m) or self.home_holder(m)
        if found is not None or m.country or m.group or (m.sector and m.title_kind != "PER"):
            # an unnamed person needs a country to be someone ("den svenske statsministeren");
            # a bare "meddommeren" with no antecedent is left out
            self.add(found, m)

    def home_holder(self, m: Mention) -> Cluster | None:
        """A bare "statsministeren" with no antecedent in a Norwegian article: the one person
        who held that role in Norway at the publication date, as a new cluster."""
        title = m.desc.title.word if m.desc is not None else None
        if m.title_kind != "PER" or m.country or not m.role or title not in self.home_roles or len(self.home) != 1:
            return None
        holders = role_holders(m.role, next(iter(self.home)), self.published)
        if len(holders) != 1 or not self.published:
            return None
        m.actor = holders[0]
        return self.add(None, m)

    def title_antecedent(self, m: Mention) -> Cluster | None:
        for c in sorted(self.clusters, key=lambda c: c.last, reverse=True):
            if c.last > m.start or c.kind != m.title_kind or c.group != m.group:
                continue  # a group ("russiske styrker") is not the body ("forsvarsdepartementet")
            if m.country is not None and cluster_country(c, self.published) not in (m.country, None):
                continue
            if m.title_kind == "ORG":
                if m.sector == cluster_sector(c, self.published) and (m.country or cluster_country(c, self.published)):
                    if m.country == cluster_country(c, self.published) or m.country is None:
                        return c
                continue
            if self._role_fits(m, c):
                return c
        return None

    def _role_fits(self, m: Mention, c: Cluster) -> bool:
        if m.role is None:
            return m.sector is not None and m.sector == cluster_sector(c, self.published) and m.country is not None
        if m.role in c.roles:
            return True
        return m.role == "leader" and bool(c.roles & HEAD_ROLES)

    # -------------------------------------------------------------- pronouns
    def binder(self, r: Mention) -> Cluster | None:
        """A reflexive's antecedent: the subject of the nearest verb above it."""
        subjects = {x.governor: x for x in self.of_mentions() if x.subject and x.sent == r.sent and x.start < r.start}
        for verb in r.chain:
            if verb in subjects:
                return self.of[id(subjects[verb])]
        return None

    def described(self, d: Mention) -> Cluster | None:
        """A definite description's antecedent ("partiet", "landet"): the cluster of its kind
        that was last a subject within ``max_back`` sentences before it, else the one
        mentioned last there."""
        want = d.refers or {}

        def fits(c: Cluster) -> bool:
            if c.kind != want.get("type"):
                return False
            if want.get("sector"):
                sector = cluster_sector(c, self.published)
                if sector is None:  # unknown to our data: its name must say so ("Arbeiderpartiet")
                    return bool(want.get("noun")) and any(
                        want["noun"] in x.text.lower() for x in c.mentions if x.kind == "name")
                if sector != want["sector"]:
                    return False
            return not want.get("country") or cluster_country(c, self.published) is not None

        for subjects_only in (True, False):
            best, best_start = None, -1
            for c in filter(fits, self.clusters):
                before = [x.start for x in c.mentions if x.start < d.start and d.sent - x.sent <= self.max_back
                          and (x.subject or not subjects_only)]
                if before and max(before) > best_start:
                    best, best_start = c, max(before)
            if best is not None:
                return best
        return None

    def introduced(self, d: Mention) -> Cluster | None:
        """The person a definite person noun refers back to ("en mann fra Serbia … mannen"):
        the cluster that last had a person noun with the same head, else None (someone new)."""
        best, best_start = None, -1
        for c in self.clusters:
            before = [x.start for x in c.mentions if x.kind == "person" and x.head == d.head and x.start < d.start]
            if before and max(before) > best_start:
                best, best_start = c, max(before)
        return best

    def of_mentions(self) -> list[Mention]:
        return [m for c in self.clusters for m in c.mentions]

    def antecedent(self, p: Mention) -> Cluster | None:
        if self.scorer is not None:
            from .coref_model import candidates

            return self.scorer.choose(p, candidates(p, self.clusters, self.max_back, gender_fits))
        people = [(x, c) for c in self.clusters if c.kind == "PER" and gender_fits(c, p)
                  for x in c.mentions if x.start < p.start and p.sent - x.sent <= self.max_back]
        if not people:
            return None
        same = [(x, c) for x, c in people if x.sent == p.sent]
        for verb in p.chain:
            for x, c in same:
                if x.subject and x.governor == verb:
                    return c
        for sent in sorted({x.sent for x, _ in people}, reverse=True):
            here = [(x, c) for x, c in people if x.sent == sent]
            subjects = [(x, c) for x, c in here if x.subject]
            mains = [(x, c) for x, c in subjects if x.main]
            pick = (mains or subjects or here)[-1]
            if sent == p.sent and not subjects:
                continue
            return pick[1]
        return same[-1][1] if same else None


def base(name: str) -> str:
    """A name without a genitive -s ("Trumps" → "Trump"), lower-cased."""
    name = name.strip().lower()
    return name[:-1] if len(name) > 3 and name[-1] in "s'" else name


def gender_fits(c: Cluster, p: Mention) -> bool:
    return c.gender is None or p.gender is None or c.gender == p.gender


def _cluster_code(c: Cluster, published: str | None, field: str) -> str | None:
    """A cluster's country or sector: the known actor's (for the date), else its mentions'."""
    if c.actor is not None:
        value = dict(zip(("country", "sector"), c.actor.code_at(published)))[field]
        if value is not None:
            return value
    return c.first(field)


def cluster_country(c: Cluster, published: str | None) -> str | None:
    return _cluster_code(c, published, "country")


def cluster_sector(c: Cluster, published: str | None) -> str | None:
    return _cluster_code(c, published, "sector")


def speakers_first_person(article, words: frozenset[str]) -> None:
    """A direct quote's first-person singular pronouns (``words``: jeg, meg, min …) become
    mentions of its speaker: the quote is the speaker's own voice.  Run after the quotes
    stage has attributed the quotes; words another entity already covers are left alone."""
    by_id = {e.id: e for e in article.entities}
    for q in article.quotes:
        speaker = by_id.get(q.speaker) if q.kind == "direct" else None
        if speaker is None:
            continue
        for m in re.finditer(r"\w+", article.text[q.span.start:q.span.end]):
            start, end = q.span.start + m.start(), q.span.start + m.end()
            if m.group().lower() in words and article.entity_at(start, end) is None:
                speaker.mentions.append(Span.of(article.text, start, end))
        speaker.mentions.sort(key=lambda s: s.start)
