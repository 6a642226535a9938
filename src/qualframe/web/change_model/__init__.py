"""The change-model pages: the diagram, nodes and links with their evidence, versions, outputs."""
