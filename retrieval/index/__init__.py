"""Index building blocks shared by people and regulation search: fusion, atomic writes, LRU."""
