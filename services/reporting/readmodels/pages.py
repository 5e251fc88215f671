"""Where a paged state is stored: many states of a kind share a document.

SecantusDB's cost of writing a document is mostly per document (about
60 µs, whatever its size), so a rebuild that wrote one document per client,
participant, survey subject and person spent as long writing them as
reading the whole log. Those states are only ever read and written by key,
so they are kept in *pages*: one document holding ``{key: packed state}``
for the keys that hash to it.

The pages of a kind grow with its states by linear hashing: whenever a
kind averages more than ``PAGE_FILL`` states a page, the next page in turn
splits in two (its keys move by one more bit of their hash). So a page
stays small however long the project runs, and a batch reads and writes a
few small pages whether the project holds a thousand states or a million.
A kind's layout (``level``, ``split``, ``states``) is kept in the read
models' meta document and moves on in the batch that splits."""
import zlib

PAGED_KINDS = ("clients", "participants", "subjects", "people")
PAGE_FILL = 16  # states per page, on average, before a page splits


def key_hash(key):
    # crc32, not hash(): the page of a key must be the same in every process.
    return zlib.crc32(key.encode())


def page_id(kind, page):
    return f"{kind}#{page}"


class Layout:
    """How a kind's keys map to its pages: ``2**level + split`` pages; the
    first ``split`` of them (and their new halves) already use one more
    bit of the hash."""

    def __init__(self, level=0, split=0, states=0):
        self.level, self.split, self.states = level, split, states

    @classmethod
    def sized(cls, states):
        """The layout a rebuild writes ``states`` states with."""
        level = 0
        while (1 << level) * PAGE_FILL < states:
            level += 1
        return cls(level, 0, states)

    @classmethod
    def of(cls, stored):
        return cls(**stored) if stored else cls()

    def as_dict(self):
        return {"level": self.level, "split": self.split, "states": self.states}

    @property
    def pages(self):
        return (1 << self.level) + self.split

    def page_of(self, key):
        hashed = key_hash(key)
        page = hashed & ((1 << self.level) - 1)
        if page < self.split:
            page = hashed & ((1 << (self.level + 1)) - 1)
        return page

    def over_full(self):
        return self.states > PAGE_FILL * self.pages

    def next_split(self):
        """(the page that splits next, the new page its keys move to, the
        mask that tells them apart); call ``advance`` once it is split."""
        return self.split, self.split + (1 << self.level), (1 << (self.level + 1)) - 1

    def advance(self):
        self.split += 1
        if self.split == 1 << self.level:
            self.level, self.split = self.level + 1, 0
