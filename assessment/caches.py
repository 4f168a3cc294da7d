"""The in-process caches of derived data, all named here, each keyed by what its values are derived from.

Keys always include the stored revision, so a cached value can never be stale: another instance's
write changes the revision, and the next request derives anew. Nothing here is state that another
instance would need (issue: stateless instances). Questionnaires and the catalogue are cached by
`functools` in loading.py and storage/assessments.py.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class ObjectCache:
    """A thread-safe LRU of derived values (immutable ones: callers must not change them)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """The cached value for `key`, or None (without computing anything)."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` for `key` (the least recently used value goes when the cache is full)."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value for `key`, or compute, keep and return it."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        self.put(key, value)
        return value


# Rendered results pages (HTML): (assessment, revision, language, baseline, baseline revision).
results_pages = ObjectCache(256)
# Ready PDFs (about 150 KB each) read from the shared store, by report key (which changes with every revision).
# 128 (about 20 MB a process) hold a large workshop's reports: with 32, forty participants downloading in
# turn read every PDF from the database again.
report_pdfs = ObjectCache(128)
# A workshop's live view: (workshop, participants, sum of revisions, last change) -> (names, aggregate).
live_aggregates = ObjectCache(64)
# Scored participants: (participant id, revision, questionnaire hash) -> (sheet, result).
scored_sheets = ObjectCache(20000)
