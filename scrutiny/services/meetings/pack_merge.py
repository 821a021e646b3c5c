"""Merging the agenda pack with pikepdf, keeping tags: the tagged front sheet is the base, each
report's pages are appended, and a tagged report's structure tree is grafted under the pack's
Document element (its parent-tree keys renumbered, its role map merged), so the pack stays a
tagged PDF a screen reader and the PDF/UA checker can follow. Untagged reports are appended
without structure. Page numbers are stamped as pagination artifacts; each item is bookmarked.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from scrutiny.services.files.documents import is_tagged


@dataclass
class Part:
    """One agenda item's documents: its bookmark label and (document title, PDF bytes) pairs."""

    label: str
    documents: list[tuple[str, bytes]]


def _kids(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _number_tree(node, found: dict[int, pikepdf.Object]) -> dict[int, pikepdf.Object]:
    """A number tree (/Nums, /Kids) flattened into {key: value}."""
    if not isinstance(node, Dictionary):
        return found
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
    for kid in _kids(node.get("/Kids")):
        _number_tree(kid, found)
    return found


def _copy(pack: pikepdf.Pdf, value):
    """`value` from another PDF copied into `pack`: indirect objects through pikepdf (which
    maps each once, so pages and structure elements keep pointing at each other), direct
    arrays and dictionaries item by item."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pack.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(pack, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(pack, item) for key, item in value.items()})
    return value


class _Tree:
    """The pack's structure tree as it grows: where reports go, and its parent tree."""

    def __init__(self, pack: pikepdf.Pdf) -> None:
        self.pack = pack
        self.root = pack.Root.StructTreeRoot
        documents = [k for k in _kids(self.root.get("/K")) if k.get("/S") == Name.Document]
        self.document = documents[0] if documents else self.root
        self.nums = _number_tree(self.root.get("/ParentTree"), {})
        self.next_key = int(self.root.get("/ParentTreeNextKey", max(self.nums, default=-1) + 1))

    def graft(self, source: pikepdf.Pdf, pages: list[pikepdf.Page], title: str) -> None:
        """Put `source`'s structure (its pages already copied as `pages`) into the pack."""
        src_root = source.Root.StructTreeRoot
        offset = self.next_key
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in _kids(page.obj.get("/Annots")):
                if isinstance(annotation, Dictionary) and "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        src_nums = _number_tree(src_root.get("/ParentTree"), {})
        for key, value in src_nums.items():
            self.nums[key + offset] = _copy(self.pack, value)
        src_next = int(src_root.get("/ParentTreeNextKey", max(src_nums, default=-1) + 1))
        self.next_key = offset + src_next
        for kid in _kids(src_root.get("/K")):
            if not isinstance(kid, Dictionary):
                continue
            element = _copy(self.pack, kid)
            if not element.is_indirect:
                element = self.pack.make_indirect(element)
            if element.get("/S") == Name.Document:
                element.S = Name.Part  # one Document per file: the report becomes a Part
            element.P = self.document
            element.T = pikepdf.String(title)
            self._append(element)
        self._merge_map(src_root, "/RoleMap")
        self._merge_map(src_root, "/ClassMap")

    def _append(self, element) -> None:
        kids = self.document.get("/K")
        if kids is None:
            self.document.K = Array([element])
        elif isinstance(kids, Array):
            kids.append(element)
        else:
            self.document.K = Array([kids, element])

    def _merge_map(self, src_root, key: str) -> None:
        source = src_root.get(key)
        if not isinstance(source, Dictionary):
            return
        target = self.root.get(key)
        if not isinstance(target, Dictionary):
            target = self.root[key] = Dictionary()
        for name, value in source.items():
            if name not in target:
                target[name] = _copy(self.pack, value)

    def finish(self) -> None:
        """Write the parent tree back, flat and in key order."""
        nums = Array()
        for key in sorted(self.nums):
            nums.append(key)
            nums.append(self.nums[key])
        self.root.ParentTree = self.pack.make_indirect(Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = self.next_key


def _untag(pages: list[pikepdf.Page]) -> None:
    for page in pages:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]


def _stamp(pack: pikepdf.Pdf, page: pikepdf.Page, text: str, font) -> None:
    """Write `text` centred near the bottom of the page, as a pagination artifact."""
    # One fixed name: pages that share a resource dictionary get it once, not once a page.
    name = page.add_resource(font, Name.Font, Name("/ScrutinyPageNumber"))
    box = page.mediabox
    x = float(box[0]) + (float(box[2]) - float(box[0])) / 2 - len(text) * 2.5
    y = float(box[1]) + 18
    stamp = f"BT {name} 9 Tf {x:.1f} {y:.1f} Td ({text}) Tj ET"
    page.contents_add(pack.make_stream(b"q\n"), prepend=True)
    page.contents_add(
        pack.make_stream(f"\nQ\n/Artifact <</Type /Pagination>> BDC {stamp} EMC\n".encode())
    )


def merge(front: bytes, parts: list[Part], *, title: str) -> bytes:
    """The pack: the front sheet, then each part's documents (tags kept where they have
    them), page numbers after the front sheet, a bookmark per item (and per document when an
    item has several), titled `title`."""
    with contextlib.ExitStack() as stack:
        pack = stack.enter_context(pikepdf.open(io.BytesIO(front)))
        front_pages = len(pack.pages)
        tree = _Tree(pack) if "/StructTreeRoot" in pack.Root else None
        marks = []
        for part in parts:
            firsts = []
            for doc_title, data in part.documents:
                first = len(pack.pages)
                source = stack.enter_context(pikepdf.open(io.BytesIO(data)))
                pack.pages.extend(source.pages)
                added = list(pack.pages[first:])
                if tree is not None and is_tagged(data):
                    tree.graft(source, added, doc_title)
                else:
                    _untag(added)
                firsts.append((doc_title, first))
            if firsts:
                marks.append((part.label, firsts))
        if tree is not None:
            tree.finish()
        font = pack.make_indirect(
            Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        )
        for number, page in enumerate(pack.pages[front_pages:], start=front_pages + 1):
            _stamp(pack, page, f"Page {number}", font)
        with pack.open_outline() as outline:
            for label, firsts in marks:
                item = OutlineItem(label, firsts[0][1])
                if len(firsts) > 1:
                    item.children.extend(OutlineItem(t, n) for t, n in firsts)
                outline.root.append(item)
        pack.docinfo[Name.Title] = title
        pack.docinfo[Name.Producer] = "Scrutiny"
        with pack.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
        output = io.BytesIO()
        pack.save(output)
        return output.getvalue()
