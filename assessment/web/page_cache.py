"""A small in-process cache of rendered pages, keyed by what they are derived from.

Keys always include the stored revision, so a cached page can never be stale: another instance's
write changes the revision, and the next request renders anew. Nothing here is state that another
instance would need (issue: stateless instances).
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

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value for `key`, or compute, keep and return it."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


class PageCache(ObjectCache):
    """A thread-safe LRU of rendered text."""

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        """The cached text for `key`, or render, keep and return it."""
        return self.get_or_compute(key, render)


results_pages = PageCache()
