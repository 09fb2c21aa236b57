#pragma once

#include <QByteArrayView>
#include <QString>

namespace Ferry {

// A parsed Content-Disposition header (RFC 6266). Only what a downloader needs: the disposition type
// and the file name the server proposes. The name is decoded but NOT sanitised: pass it through
// FileNames::sanitize() before it touches the disk.
//
// Lenient where browsers are: parameters without a type ("filename=x"), unquoted values with spaces,
// a missing closing quote (the value runs to the end), and for duplicates the first non-empty value
// wins. A plain filename is decoded as UTF-8 when valid, else Latin-1; its '%' sequences stay literal.
// filename* (UTF-8, ISO-8859-1 or US-ASCII) wins when it decodes; an unknown charset or invalid
// bytes make it count as absent. RFC 2231 continuations (filename*0=) and RFC 2047 encoded-words are
// not decoded.
struct ContentDisposition
{
    QString type;      // "attachment", "inline", ... lower-cased; empty when no token leads the header
    QString fileName;  // filename* (RFC 5987: UTF-8 or ISO-8859-1, percent-decoded) wins over filename

    // Never throws, never fails, reads only within the view: garbage in gives an empty fileName.
    static ContentDisposition parse(QByteArrayView headerValue);
};

} // namespace Ferry
