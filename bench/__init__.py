"""The evaluation harness and the benchmarks (bench/README.md): a package, run from the
repository's root as ``python -m bench.<script>`` (``python -m bench.bench``,
``python -m bench.make_queries`` ...). Its modules import each other as
``bench.<module>``; none edits ``sys.path``.
"""
