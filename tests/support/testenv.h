#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <functional>

// Small helpers shared by the tests.
namespace Ferry::Test {

// Deterministic pseudo-random bytes: the same (n, seed) always gives the same bytes.
QByteArray randomBytes(qint64 n, quint32 seed);

QByteArray sha256Hex(const QByteArray &data);
QByteArray fileSha256Hex(const QString &path); // empty when the file cannot be read
QByteArray fileContents(const QString &path);  // "<missing>" when it cannot be read, never a real file's bytes in a test

// Every file below dir as sorted paths relative to dir: hidden files and symlinks (dangling ones,
// and symlinks to folders, which are listed but not followed) included. With includeDirs, real
// folders too, with a trailing '/'.
QStringList listFilesRecursively(const QString &dir, bool includeDirs = false);

// Runs the event loop until predicate() holds; false after timeoutMs. Like QTest::qWaitFor, but
// without its 10 ms sleep between event batches, so big transfers run at full speed.
bool waitUntil(const std::function<bool()> &predicate, int timeoutMs = 30000);

QString cliPath();   // $FERRY_CLI: the ferry-cli binary built with the tests
QString sourceDir(); // $FERRY_SOURCE_DIR: the project's source folder

// A certificate for TestServer::listenTls, made with the openssl command line into dir.
// Valid:     CN and subjectAltName 127.0.0.1 / localhost, 30 days.
// Expired:   same names; made with "openssl x509 -req -days -1" (OpenSSL 3.0's req refuses
//            negative days and has no -not_before), so notAfter is one day before notBefore.
// WrongHost: CN and subjectAltName wrong.invalid, otherwise valid.
// Every kind is self-signed: a client must add it as a CA (or expect UnableToGetLocalIssuer...).
enum class CertificateKind { Valid, Expired, WrongHost };

struct TestCertificate
{
    QSslCertificate certificate;
    QSslKey key;
    QString certificatePath;
    QString keyPath;

    bool isNull() const { return certificate.isNull() || key.isNull(); }
};

// Blocks until openssl is done (a few hundred ms); returns a null certificate on failure.
TestCertificate makeCertificate(CertificateKind kind, const QString &dir);

} // namespace Ferry::Test
