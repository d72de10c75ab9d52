"""Build pipeline: reviewable CSV transcriptions -> validated, immutable Parquet snapshot."""
