#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <memory>

namespace Ferry {

// Undoes a Content-Encoding the server applied although we asked for identity, so the user gets the
// file a browser would save. gzip and deflate (zlib-wrapped or raw, as servers disagree) via zlib.
class ContentDecoder
{
    Q_DECLARE_TR_FUNCTIONS(ContentDecoder)

public:
    // nullptr-like invalid decoder for an encoding we cannot undo; check isValid().
    explicit ContentDecoder(QByteArrayView contentEncoding);
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder &) = delete;
    ContentDecoder &operator=(const ContentDecoder &) = delete;

    // True for "gzip", "x-gzip", "deflate" (case-insensitive). "identity" and "" need no decoder.
    static bool isSupported(QByteArrayView contentEncoding);
    static bool isIdentity(QByteArrayView contentEncoding);

    bool isValid() const;
    // Appends the decoded bytes of `input` to `output`. False on corrupt data; see errorString().
    bool decode(QByteArrayView input, QByteArray &output);
    // True once the compressed stream ended properly (trailer read). A body that ends before is truncated.
    bool isFinished() const;
    QString errorString() const;

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
};

} // namespace Ferry
