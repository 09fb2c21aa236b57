#pragma once

#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QUrl>

#include <functional>

class QWidget;

namespace Ferry {

// File > Import URL list and File > Export URL list: a non-modal file dialog, then the reading or
// writing on a one-thread pool of its own (never on the GUI thread), then one signal with the result.
class UrlListFiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlListFiles)

public:
    // queueUrls: the URLs to export, asked for when the user has chosen the file.
    UrlListFiles(std::function<QList<QUrl>()> queueUrls, QWidget *dialogParent);
    // Waits for a read or write still running (at most one small file).
    ~UrlListFiles() override;

    void chooseImport();
    void chooseExport();
    void importFrom(const QString &path);
    void exportTo(const QString &path);

Q_SIGNALS:
    // text: the file's lines for the add dialog, which marks the ones that are not URLs.
    void imported(const QString &path, const QString &text, int urls, int rejected);
    void exported(const QString &path, int urls);
    void failed(const QString &message);

private:
    std::function<QList<QUrl>()> m_queueUrls;
    QWidget *m_dialogParent;
    QThreadPool m_pool;
};

} // namespace Ferry
