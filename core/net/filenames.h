#pragma once

#include <QString>
#include <QUrl>

namespace Ferry::FileNames {

// The name proposed by the last path segment of a URL, percent-decoded (so "%2F" becomes "/", which
// sanitize() then treats as a separator). Not sanitised. Empty for "http://host/" and the like.
QString fromUrl(const QUrl &url);

// Turns any proposed name into one safe path component for the user's folder:
// - keeps only the last component when '/' or '\' appear, skipping components with nothing left in
//   them ("../../etc/passwd" gives "passwd", "dir/.." gives "dir");
// - replaces control characters (C0, C1, DEL), Unicode format characters (bidi overrides such as
//   U+202E, zero-width joiners, BOM), line/paragraph separators and lone surrogates with '_';
//   U+FFFD stays (it is visible);
// - strips leading dots and spaces, trims trailing dots and spaces; invisible characters at either end
//   are dropped rather than replaced, so a name made only of them is empty (a server's literal "_"
//   stays "_");
// - appends ".download" to launcher extensions a file manager would run on a click (.desktop);
// - caps the UTF-8 length at maxBytes (at least 1), cut at a grapheme boundary (a code point boundary
//   when one grapheme alone is too long), keeping the extension when it is short (<= 16 bytes, no
//   spaces; ".tar.gz" and friends count as one);
// - returns `fallback` (itself assumed safe; only cut to maxBytes) when nothing is left.
// Leading '-' and '~' are kept: names are only ever passed to file system calls, never to a shell.
QString sanitize(const QString &proposed, const QString &fallback = QStringLiteral("download"),
                 int maxBytes = 200);

// The n-th candidate for a name that is taken: n == 0 gives `name` itself, n == 1 gives
// "name (1).ext", "archive (2).tar.gz" keeps the double extension. The result respects maxBytes
// like sanitize(): the stem is shortened, never the number or the extension, so candidates for
// different n >= 1 differ (given room for "(n)"). `name` should come from sanitize().
QString numbered(const QString &name, int n, int maxBytes = 200);

} // namespace Ferry::FileNames
