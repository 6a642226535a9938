"""Uploads kept between a preview and its confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualframe.errors import InputFileError, NotFoundError
from qualframe.web.server.uploads import UploadStore, safe_name


def test_an_upload_is_kept_under_a_token_until_discarded(tmp_path: Path) -> None:
    store = UploadStore(tmp_path)
    kept = store.save("cases.csv", b"case\nA\n")
    assert store.get(kept.token).path.read_bytes() == b"case\nA\n"
    assert kept.name == "cases.csv"
    store.discard(kept.token)
    with pytest.raises(NotFoundError, match="expired"):
        store.get(kept.token)


def test_a_token_can_never_name_another_path(tmp_path: Path) -> None:
    store = UploadStore(tmp_path)
    with pytest.raises(NotFoundError, match="unknown"):
        store.get("../../etc")


def test_empty_uploads_are_refused_naming_the_file(tmp_path: Path) -> None:
    store = UploadStore(tmp_path)
    with pytest.raises(InputFileError, match=r"^cases\.csv: the file is empty$"):
        store.save("cases.csv", b"")
    assert list(tmp_path.iterdir()) == []


def test_browser_file_names_lose_their_folders_and_odd_characters() -> None:
    assert safe_name("C:\\Users\\me\\interview 1.docx") == "interview 1.docx"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..") == "upload"
    assert safe_name("a<b>.txt") == "a_b_.txt"


def test_a_store_without_a_folder_makes_and_removes_its_own() -> None:
    store = UploadStore()
    folder = store.save("x.txt", b"x").path.parent.parent
    assert folder.is_dir()
    store.close()
    assert not folder.exists()
