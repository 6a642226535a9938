"""The Python API's per-area facades, composed by :class:`qualframe.Project`."""
