"""netlint lsp driven over stdio by a real LSP client (pytest-lsp).

The binary is $NETLINT_BIN. One session, as an editor would run it: open
a file with mistakes in a repository whose netlint.toml ignores a code,
get the diagnostics, apply a quick fix, then hover, jump to a definition,
complete, format, and shut down cleanly.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ["NETLINT_BIN"]

NET = """\
vpc   main {cidr 10.0.0.0/16}
internet-gateway igw { vpc main }
subnet web-a { vpc mian; cidr 10.0.1.0/24; zone a; public-ip on }

route-table public-rt {
  vpc main
  subnets web-a
  route 0.0.0.0/0 -> igw
}

security-group web-sg {
  vpc main
  ingress tcp 22 from 0.0.0.0/0
  ingress deny tcp 443 from 198.51.100.0/24
  egress tcp 443 to 0.0.0.0/0
}

instance web {
  subnet web-a
  ami ami-0123456789abcdef0
  type t3.micro
  security-groups web-sg
}
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=pytest_lsp.client_capabilities("visual-studio-code")
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def where(text: str, needle: str, nth: int = 0, ahead: int = 0) -> types.Position:
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    return types.Position(line=line, character=column + ahead)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def off(p: types.Position) -> int:
        return offsets[p.line] + p.character

    for e in sorted(edits, key=lambda e: off(e.range.start), reverse=True):
        text = text[: off(e.range.start)] + e.new_text + text[off(e.range.end) :]
    return text


async def diagnostics(client: LanguageClient, uri: str):
    while True:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if uri in client.diagnostics and client.diagnostics[uri]:
            return client.diagnostics[uri]


@pytest.mark.asyncio
async def test_an_editing_session(client: LanguageClient, tmp_path: pathlib.Path):
    # A repository whose configuration ignores S302 (SSH open to the world).
    (tmp_path / ".git").mkdir()
    (tmp_path / "netlint.toml").write_text('ignore = ["S302"]\n')
    path = tmp_path / "net.net"
    path.write_text(NET)
    uri = path.as_uri()
    text = NET

    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="netlint", version=1, text=text
            )
        )
    )
    found = await diagnostics(client, uri)
    assert [d.code for d in found] == ["E005"], found
    assert found[0].range.start == where(text, "mian")
    assert found[0].source == "netlint"

    # The quick fix: the name it was close to.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        )
    )
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix
    text = apply(text, fix.edit.changes[uri])
    assert "vpc main; cidr 10.0.1.0/24" in text
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    found = await diagnostics(client, uri)
    codes = {d.code for d in found}
    assert "S301" in codes, codes
    assert "S302" not in codes, "netlint.toml ignores S302"

    # Hover on a reference to the subnet: what netlint derived about it.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=where(text, "web-a", 2, 1),
        )
    )
    value = hover.contents.value
    assert "251 usable" in value and "**public**" in value, value

    # Jump from the instance's subnet to its declaration.
    target = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=where(text, "web-a", 2, 1),
        )
    )
    assert target.range.start == where(text, "web-a")

    # Complete the security groups an instance may wear.
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=where(text, "security-groups web-sg", 0, len("security-groups ")),
        )
    )
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert labels == ["web-sg"], labels

    # Format: the canonical layout.
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    formatted = apply(text, edits)
    assert edits and formatted.startswith("vpc main { cidr 10.0.0.0/16 }\n"), formatted
    assert formatted.replace("vpc main { cidr 10.0.0.0/16 }", "", 1) == text.replace(
        "vpc   main {cidr 10.0.0.0/16}", "", 1
    )
