#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace Ferry {

enum class HashAlgorithm { Md5, Sha1, Sha256, Sha512, Blake2b512 };

// "sha256" <-> HashAlgorithm, case-insensitive, also "sha-256". nullopt for unknown names.
std::optional<HashAlgorithm> hashAlgorithmFromName(QStringView name);
QString hashAlgorithmName(HashAlgorithm algorithm);   // "sha256"
int hashDigestLength(HashAlgorithm algorithm);        // bytes: 16, 20, 32, 64, 64
// The algorithm a bare hex digest of this many characters stands for in a checksum list: MD5, SHA-1,
// SHA-256 or SHA-512. BLAKE2b-512 has SHA-512's length, so it is never guessed: it needs its name.
std::optional<HashAlgorithm> hashAlgorithmForHexLength(qsizetype length);

// An incremental digest through OpenSSL's EVP interface, which uses the CPU's SHA extensions
// (QCryptographicHash in Qt 6.4 is portable C and several times slower). Movable, not copyable.
class Hasher
{
public:
    explicit Hasher(HashAlgorithm algorithm);
    ~Hasher();
    Hasher(Hasher &&) noexcept;
    Hasher &operator=(Hasher &&) noexcept;
    Hasher(const Hasher &) = delete;
    Hasher &operator=(const Hasher &) = delete;

    HashAlgorithm algorithm() const { return m_algorithm; }
    void addData(QByteArrayView data);
    // The digest of everything added so far (raw bytes). Does not end the hasher: more data may follow.
    QByteArray result() const;
    void reset();

    static QByteArray hash(QByteArrayView data, HashAlgorithm algorithm);

private:
    struct Context;
    HashAlgorithm m_algorithm;
    std::unique_ptr<Context> m_context;
};

} // namespace Ferry
