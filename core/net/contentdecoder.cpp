#include "net/contentdecoder.h"

#include <zlib.h>

#include <limits>

namespace Ferry {

namespace {

enum class Encoding { Gzip, Deflate };

// Output grows by this much per inflate() call; QByteArray grows its capacity geometrically, so
// appending stays linear however the input is split.
constexpr qsizetype OutputChunk = 64 * 1024;

QByteArrayView normalized(QByteArrayView contentEncoding)
{
    return contentEncoding.trimmed();
}

bool equalsIgnoringCase(QByteArrayView a, const char *b)
{
    return a.compare(QByteArrayView(b), Qt::CaseInsensitive) == 0;
}

} // namespace

struct ContentDecoder::Stream
{
    enum class State {
        Sniffing,       // deflate only: waiting for two bytes to tell a zlib header from raw deflate
        Inflating,
        BetweenMembers, // gzip only: a member ended; another one may follow
        Finished,       // trailing bytes after the end are ignored, as gunzip does
        Failed,
    };

    explicit Stream(Encoding e)
        : encoding(e)
    {
        if (encoding == Encoding::Gzip) {
            // 15 + 32: the largest window, and zlib detects a gzip (or zlib) header itself.
            initialized = inflateInit2(&z, 15 + 32) == Z_OK;
            state = State::Inflating;
        } else {
            state = State::Sniffing;
        }
    }
    ~Stream()
    {
        if (initialized)
            inflateEnd(&z);
    }
    Stream(const Stream &) = delete;
    Stream &operator=(const Stream &) = delete;

    bool fail(const QString &message)
    {
        state = State::Failed;
        error = message;
        return false;
    }

    // Servers send "deflate" both as RFC 1950 (zlib-wrapped, what the RFC says) and as raw RFC 1951
    // (what old IIS did). A zlib header is CM=8, a window of at most 32 KiB, and a 16-bit check
    // value divisible by 31; raw deflate data rarely looks like that.
    static bool looksLikeZlibHeader(unsigned char cmf, unsigned char flg)
    {
        return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }

    bool decode(QByteArrayView input, QByteArray &output)
    {
        while (!input.isEmpty()) {
            switch (state) {
            case State::Failed:
                return false;
            case State::Finished:
                return true;
            case State::Sniffing:
            case State::BetweenMembers: {
                const qsizetype take = qMin<qsizetype>(2 - pending.size(), input.size());
                pending.append(input.first(take));
                input = input.sliced(take);
                if (!startStream())
                    return false;
                if (state == State::Inflating) {
                    const QByteArray head = std::exchange(pending, {});
                    inflateSome(head, output);  // a stream this short cannot have bytes left over
                }
                break;
            }
            case State::Inflating: {
                // avail_in is 32-bit; feed huge inputs in slices.
                const qsizetype take =
                        qMin<qsizetype>(input.size(), std::numeric_limits<uInt>::max() / 2);
                const QByteArrayView slice = input.first(take);
                input = input.sliced(take);
                const qsizetype consumed = inflateSome(slice, output);
                if (state == State::Failed)
                    return false;
                // Bytes after a member's end go round again as the start of the next one.
                if (consumed < slice.size())
                    input = QByteArrayView(slice.data() + consumed, slice.size() - consumed + input.size());
                break;
            }
            }
        }
        return state != State::Failed;
    }

    // Decides from the first buffered bytes how to inflate what follows; stays put until it can.
    bool startStream()
    {
        const auto b0 = static_cast<unsigned char>(pending.at(0));
        if (state == State::BetweenMembers) {
            // Concatenated gzip members decode as one file (RFC 1952 §2.2); anything else after a
            // member is ignored, like gunzip's "trailing garbage".
            if (b0 != 0x1f || (pending.size() == 2 && static_cast<unsigned char>(pending.at(1)) != 0x8b)) {
                state = State::Finished;
                pending.clear();
                return true;
            }
            if (pending.size() < 2)
                return true;
            if (inflateReset(&z) != Z_OK)
                return fail(tr("Cannot restart the gzip decoder"));
        } else {
            if (pending.size() < 2)
                return true;
            const auto b1 = static_cast<unsigned char>(pending.at(1));
            initialized = inflateInit2(&z, looksLikeZlibHeader(b0, b1) ? 15 : -15) == Z_OK;
            if (!initialized)
                return fail(tr("Cannot initialise the deflate decoder"));
        }
        state = State::Inflating;
        return true;
    }

    // Inflates until `input` is used up or the stream ends; returns how much of `input` it consumed.
    qsizetype inflateSome(QByteArrayView input, QByteArray &output)
    {
        if (!initialized) {
            fail(tr("Cannot initialise the gzip decoder"));
            return 0;
        }
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
        z.avail_in = uInt(input.size());
        while (true) {
            const qsizetype before = output.size();
            output.resize(before + OutputChunk);
            z.next_out = reinterpret_cast<Bytef *>(output.data() + before);
            z.avail_out = uInt(OutputChunk);
            const int ret = inflate(&z, Z_NO_FLUSH);
            output.resize(before + OutputChunk - qsizetype(z.avail_out));
            const qsizetype consumed = input.size() - qsizetype(z.avail_in);
            switch (ret) {
            case Z_OK:
                break;
            case Z_STREAM_END:
                state = encoding == Encoding::Gzip ? State::BetweenMembers : State::Finished;
                return consumed;
            case Z_BUF_ERROR:  // no progress possible: all input used, nothing more to flush
                return consumed;
            case Z_NEED_DICT:
                fail(tr("Compressed data needs a preset dictionary"));
                return consumed;
            case Z_MEM_ERROR:
                fail(tr("Out of memory while decompressing"));
                return consumed;
            default:
                fail(z.msg ? tr("Corrupt compressed data: %1").arg(QString::fromLatin1(z.msg))
                           : tr("Corrupt compressed data"));
                return consumed;
            }
            if (z.avail_in == 0 && z.avail_out != 0)
                return consumed;
        }
    }

    Encoding encoding;
    State state;
    z_stream z{};
    bool initialized = false;
    QByteArray pending;
    QString error;
};

ContentDecoder::ContentDecoder(QByteArrayView contentEncoding)
{
    const QByteArrayView name = normalized(contentEncoding);
    if (equalsIgnoringCase(name, "gzip") || equalsIgnoringCase(name, "x-gzip"))
        m_stream = std::make_unique<Stream>(Encoding::Gzip);
    else if (equalsIgnoringCase(name, "deflate"))
        m_stream = std::make_unique<Stream>(Encoding::Deflate);
}

ContentDecoder::~ContentDecoder() = default;

bool ContentDecoder::isSupported(QByteArrayView contentEncoding)
{
    const QByteArrayView name = normalized(contentEncoding);
    return equalsIgnoringCase(name, "gzip") || equalsIgnoringCase(name, "x-gzip")
            || equalsIgnoringCase(name, "deflate");
}

bool ContentDecoder::isIdentity(QByteArrayView contentEncoding)
{
    const QByteArrayView name = normalized(contentEncoding);
    return name.isEmpty() || equalsIgnoringCase(name, "identity");
}

bool ContentDecoder::isValid() const
{
    return m_stream != nullptr;
}

bool ContentDecoder::decode(QByteArrayView input, QByteArray &output)
{
    if (!m_stream)
        return false;
    return m_stream->decode(input, output);
}

bool ContentDecoder::isFinished() const
{
    // Between gzip members with nothing pending, the body may end here: that is a complete file.
    return m_stream
            && (m_stream->state == Stream::State::Finished
                || (m_stream->state == Stream::State::BetweenMembers && m_stream->pending.isEmpty()));
}

QString ContentDecoder::errorString() const
{
    if (!m_stream)
        return tr("Unsupported content encoding");
    return m_stream->error;
}

} // namespace Ferry
