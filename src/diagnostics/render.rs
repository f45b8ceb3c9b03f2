//! Renderers: human (codespan-reporting), json, sarif, github.
