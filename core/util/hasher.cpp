#include "util/hasher.h"

#include <openssl/evp.h>

namespace Ferry {

namespace {

const EVP_MD *evpDigest(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Md5:
        return EVP_md5();
    case HashAlgorithm::Sha1:
        return EVP_sha1();
    case HashAlgorithm::Sha256:
        return EVP_sha256();
    case HashAlgorithm::Sha512:
        return EVP_sha512();
    case HashAlgorithm::Blake2b512:
        return EVP_blake2b512();
    }
    Q_UNREACHABLE();
    return nullptr;
}

// EVP failures mean an allocation failure or a provider that refuses the digest (FIPS mode and md5);
// neither is recoverable here, and a silently wrong digest would be worse than stopping.
void check(int ok, const char *what)
{
    if (Q_UNLIKELY(ok != 1))
        qFatal("Ferry::Hasher: %s failed", what);
}

} // namespace

std::optional<HashAlgorithm> hashAlgorithmFromName(QStringView name)
{
    QString key = name.trimmed().toString().toLower();
    key.remove(u'-');
    if (key == u"md5")
        return HashAlgorithm::Md5;
    if (key == u"sha1")
        return HashAlgorithm::Sha1;
    if (key == u"sha256")
        return HashAlgorithm::Sha256;
    if (key == u"sha512")
        return HashAlgorithm::Sha512;
    if (key == u"blake2b512" || key == u"blake2b" || key == u"b2")
        return HashAlgorithm::Blake2b512;
    return std::nullopt;
}

QString hashAlgorithmName(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Md5:
        return QStringLiteral("md5");
    case HashAlgorithm::Sha1:
        return QStringLiteral("sha1");
    case HashAlgorithm::Sha256:
        return QStringLiteral("sha256");
    case HashAlgorithm::Sha512:
        return QStringLiteral("sha512");
    case HashAlgorithm::Blake2b512:
        return QStringLiteral("blake2b512");
    }
    Q_UNREACHABLE();
    return {};
}

int hashDigestLength(HashAlgorithm algorithm)
{
    switch (algorithm) {
    case HashAlgorithm::Md5:
        return 16;
    case HashAlgorithm::Sha1:
        return 20;
    case HashAlgorithm::Sha256:
        return 32;
    case HashAlgorithm::Sha512:
    case HashAlgorithm::Blake2b512:
        return 64;
    }
    Q_UNREACHABLE();
    return 0;
}

std::optional<HashAlgorithm> hashAlgorithmForHexLength(qsizetype length)
{
    for (auto algorithm : { HashAlgorithm::Md5, HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha512 }) {
        if (length == 2 * hashDigestLength(algorithm))
            return algorithm;
    }
    return std::nullopt;
}

struct Hasher::Context
{
    explicit Context(HashAlgorithm algorithm)
        : ctx(EVP_MD_CTX_new())
    {
        if (!ctx)
            qFatal("Ferry::Hasher: EVP_MD_CTX_new failed");
        check(EVP_DigestInit_ex(ctx, evpDigest(algorithm), nullptr), "EVP_DigestInit_ex");
    }
    ~Context() { EVP_MD_CTX_free(ctx); }
    Context(const Context &) = delete;
    Context &operator=(const Context &) = delete;

    EVP_MD_CTX *ctx;
};

Hasher::Hasher(HashAlgorithm algorithm)
    : m_algorithm(algorithm)
    , m_context(std::make_unique<Context>(algorithm))
{
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher &&) noexcept = default;
Hasher &Hasher::operator=(Hasher &&) noexcept = default;

void Hasher::addData(QByteArrayView data)
{
    // A moved-from hasher starts over lazily, like a fresh one.
    if (!m_context)
        m_context = std::make_unique<Context>(m_algorithm);
    if (!data.isEmpty())
        check(EVP_DigestUpdate(m_context->ctx, data.data(), size_t(data.size())), "EVP_DigestUpdate");
}

QByteArray Hasher::result() const
{
    if (!m_context)
        return hash({}, m_algorithm);
    // Finalising consumes a context, so finalise a copy and keep the original going.
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    if (!copy)
        qFatal("Ferry::Hasher: EVP_MD_CTX_new failed");
    check(EVP_MD_CTX_copy_ex(copy, m_context->ctx), "EVP_MD_CTX_copy_ex");
    QByteArray digest(hashDigestLength(m_algorithm), Qt::Uninitialized);
    unsigned int length = 0;
    const int ok = EVP_DigestFinal_ex(copy, reinterpret_cast<unsigned char *>(digest.data()), &length);
    EVP_MD_CTX_free(copy);
    check(ok, "EVP_DigestFinal_ex");
    Q_ASSERT(int(length) == digest.size());
    return digest;
}

void Hasher::reset()
{
    if (!m_context)
        m_context = std::make_unique<Context>(m_algorithm);
    else
        check(EVP_DigestInit_ex(m_context->ctx, evpDigest(m_algorithm), nullptr), "EVP_DigestInit_ex");
}

QByteArray Hasher::hash(QByteArrayView data, HashAlgorithm algorithm)
{
    QByteArray digest(hashDigestLength(algorithm), Qt::Uninitialized);
    unsigned int length = 0;
    check(EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char *>(digest.data()),
                     &length, evpDigest(algorithm), nullptr),
          "EVP_Digest");
    Q_ASSERT(int(length) == digest.size());
    return digest;
}

} // namespace Ferry
