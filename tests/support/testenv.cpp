#include "support/testenv.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>

#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

QByteArray randomBytes(qint64 n, quint32 seed)
{
    QByteArray out(n, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    // Generated in aligned words, copied out: QByteArray's data is not guaranteed to be aligned.
    std::vector<quint32> words(16 * 1024);
    for (qint64 at = 0; at < n;) {
        const qint64 bytes = qMin<qint64>(n - at, qint64(words.size() * sizeof(quint32)));
        const size_t count = size_t((bytes + 3) / 4);
        generator.fillRange(words.data(), qsizetype(count));
        std::memcpy(out.data() + at, words.data(), size_t(bytes));
        at += bytes;
    }
    return out;
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

QByteArray fileSha256Hex(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return hash.result().toHex();
}

QStringList listFilesRecursively(const QString &dir, bool includeDirs)
{
    const QDir base(dir);
    QStringList result;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const bool realDir = info.isDir() && !info.isSymLink(); // a symlinked folder counts as a file
        if (realDir && !includeDirs)
            continue;
        result.append(base.relativeFilePath(path) + (realDir ? u"/"_s : QString()));
    }
    result.sort();
    return result;
}

bool waitUntil(const std::function<bool()> &predicate, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QTimer wakeUp; // so a silent event loop still returns to look at the deadline
    wakeUp.start(50);
    while (!predicate()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

QString cliPath()
{
    return qEnvironmentVariable("FERRY_CLI");
}

QString sourceDir()
{
    return qEnvironmentVariable("FERRY_SOURCE_DIR");
}

namespace {

bool runOpenssl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"openssl"_s, arguments);
    // A test fixture, not server code: blocking here keeps the call sites simple.
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        qWarning("openssl %s failed: %s", qPrintable(arguments.join(u' ')),
                 process.readAll().constData());
        return false;
    }
    return true;
}

} // namespace

TestCertificate makeCertificate(CertificateKind kind, const QString &dir)
{
    const QString name = kind == CertificateKind::Valid     ? u"valid"_s
                         : kind == CertificateKind::Expired ? u"expired"_s
                                                            : u"wronghost"_s;
    const QString host = kind == CertificateKind::WrongHost ? u"wrong.invalid"_s : u"127.0.0.1"_s;
    const QString san = kind == CertificateKind::WrongHost ? u"subjectAltName=DNS:wrong.invalid"_s
                                                           : u"subjectAltName=IP:127.0.0.1,DNS:localhost"_s;
    TestCertificate result;
    result.certificatePath = QDir(dir).filePath(name + u"-cert.pem"_s);
    result.keyPath = QDir(dir).filePath(name + u"-key.pem"_s);
    const QString subject = u"/CN="_s + host;

    bool ok = false;
    if (kind == CertificateKind::Expired) {
        const QString csr = QDir(dir).filePath(name + u".csr"_s);
        ok = runOpenssl({u"req"_s, u"-new"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                         u"-subj"_s, subject, u"-addext"_s, san, u"-keyout"_s, result.keyPath,
                         u"-out"_s, csr})
             && runOpenssl({u"x509"_s, u"-req"_s, u"-in"_s, csr, u"-signkey"_s, result.keyPath,
                            u"-days"_s, u"-1"_s, u"-copy_extensions"_s, u"copy"_s, u"-out"_s,
                            result.certificatePath});
    } else {
        ok = runOpenssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                         u"-days"_s, u"30"_s, u"-subj"_s, subject, u"-addext"_s, san,
                         u"-keyout"_s, result.keyPath, u"-out"_s, result.certificatePath});
    }
    if (!ok)
        return TestCertificate();

    QFile certFile(result.certificatePath);
    QFile keyFile(result.keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return TestCertificate();
    result.certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    result.key = QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
    return result;
}

} // namespace Ferry::Test
