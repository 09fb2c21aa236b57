// HTTPS: certificates are verified, a failure names its reason, and nothing is written.
#include "net/downloadmanager.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;

class TestTls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_certs;
    TestCertificate m_valid, m_expired, m_wrongHost;

    DownloadSnapshot run(DownloadManager &manager, const DownloadRequest &r)
    {
        QSignalSpy finished(&manager, &DownloadManager::downloadFinished);
        manager.add(r);
        if (!finished.wait(20000))
            return {};
        return finished.first().first().value<DownloadSnapshot>();
    }

    // Trust a certificate as if a CA had issued it, so only the property under test fails.
    static void trust(const TestCertificate &c)
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.addCaCertificate(c.certificate);
        QSslConfiguration::setDefaultConfiguration(conf);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_valid = makeCertificate(CertificateKind::Valid, m_certs.path());
        m_expired = makeCertificate(CertificateKind::Expired, m_certs.path());
        m_wrongHost = makeCertificate(CertificateKind::WrongHost, m_certs.path());
        QVERIFY(!m_valid.isNull() && !m_expired.isNull() && !m_wrongHost.isNull());
    }

    void untrustedCertificates_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("trusted");
        QTest::addColumn<QString>("reason");
        QTest::newRow("self-signed") << int(CertificateKind::Valid) << false << QStringLiteral("self-signed");
        QTest::newRow("expired") << int(CertificateKind::Expired) << true << QStringLiteral("expired");
        QTest::newRow("wrong host") << int(CertificateKind::WrongHost) << true << QStringLiteral("another host");
    }
    void untrustedCertificates()
    {
        QFETCH(int, kind);
        QFETCH(bool, trusted);
        QFETCH(QString, reason);
        const TestCertificate &cert = kind == int(CertificateKind::Valid) ? m_valid
                                      : kind == int(CertificateKind::Expired) ? m_expired
                                                                              : m_wrongHost;
        const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
        if (trusted)
            trust(cert);
        TestServer server;
        QVERIFY(server.listenTls(cert.certificate, cert.key));
        server.setResource(QStringLiteral("/secret.bin"), Resource(randomBytes(10000, 1)));
        QTemporaryDir dir;
        DownloadManager manager;
        DownloadRequest r;
        r.url = server.url(QStringLiteral("/secret.bin"));
        r.directory = dir.path();
        const auto s = run(manager, r);
        QSslConfiguration::setDefaultConfiguration(saved);
        QCOMPARE(s.state, DownloadState::Failed);
        QCOMPARE(s.error.code(), TaskError::Code::Tls);
        QVERIFY2(s.error.message().contains(reason), qPrintable(s.error.toString()));
        QCOMPARE(listFilesRecursively(dir.path()), QStringList{});
    }

    void trustedCertificateWorksAndRefusesDowngrade()
    {
        const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
        trust(m_valid);
        TestServer tls;
        QVERIFY(tls.listenTls(m_valid.certificate, m_valid.key));
        TestServer plain;
        QVERIFY(plain.listen());
        const QByteArray body = randomBytes(300000, 2);
        tls.setResource(QStringLiteral("/a.bin"), Resource(body));
        plain.setResource(QStringLiteral("/b.bin"), Resource(body));
        tls.addRedirect(QStringLiteral("/down"), plain.url(QStringLiteral("/b.bin")));
        plain.addRedirect(QStringLiteral("/up"), tls.url(QStringLiteral("/a.bin")));

        QTemporaryDir dir;
        DownloadManager manager;
        DownloadRequest r;
        r.directory = dir.path();
        r.url = tls.url(QStringLiteral("/a.bin"));
        r.connections = 2;
        auto s = run(manager, r);
        QVERIFY2(s.state == DownloadState::Succeeded, qPrintable(s.error.toString()));
        QCOMPARE(fileSha256Hex(dir.filePath(QStringLiteral("a.bin"))), sha256Hex(body));

        r.url = plain.url(QStringLiteral("/up"));  // http -> https is fine
        r.fileName = QStringLiteral("up.bin");
        s = run(manager, r);
        QVERIFY2(s.state == DownloadState::Succeeded, qPrintable(s.error.toString()));

        r.url = tls.url(QStringLiteral("/down"));  // https -> http is refused...
        r.fileName = QStringLiteral("down.bin");
        s = run(manager, r);
        QCOMPARE(s.state, DownloadState::Failed);
        QCOMPARE(s.error.code(), TaskError::Code::Redirect);
        QVERIFY(s.error.message().contains(QStringLiteral("HTTPS to plain HTTP")));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("down.bin"))));

        r.allowInsecureRedirect = true;  // ...unless the user allows it
        s = run(manager, r);
        QSslConfiguration::setDefaultConfiguration(saved);
        QVERIFY2(s.state == DownloadState::Succeeded, qPrintable(s.error.toString()));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
