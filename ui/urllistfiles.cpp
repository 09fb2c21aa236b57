#include "urllistfiles.h"

#include "util/urllist.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct ImportResult
{
    QString text;
    int urls = 0;
    int rejected = 0;
    TaskError error;
};

ImportResult readAndParse(const QString &path)
{
    ImportResult result;
    const UrlListFile file = readUrlListFile(path);
    result.error = file.error;
    if (file.error.isError())
        return result;
    const ParsedUrls parsed = parseUrlLines(file.lines);
    result.text = file.lines.join(u'\n');
    result.urls = int(parsed.urls.size());
    result.rejected = int(parsed.rejected.size());
    return result;
}

// Runs work on pool and hands its result to done on context's thread; nothing if context is gone.
template<typename T, typename Work, typename Done>
void runThen(QThreadPool *pool, QObject *context, Work work, Done done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(pool, std::move(work)));
}

} // namespace

UrlListFiles::UrlListFiles(std::function<QList<QUrl>()> queueUrls, QWidget *dialogParent)
    : QObject(dialogParent), m_queueUrls(std::move(queueUrls)), m_dialogParent(dialogParent)
{
    m_pool.setMaxThreadCount(1);
}

UrlListFiles::~UrlListFiles()
{
    m_pool.waitForDone();
}

void UrlListFiles::chooseImport()
{
    auto *chooser = new QFileDialog(m_dialogParent, tr("Import URL List"), QDir::homePath(),
                                    tr("Text files (*.txt *.list);;All files (*)"));
    chooser->setObjectName(u"importUrlListDialog"_s);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    chooser->setAcceptMode(QFileDialog::AcceptOpen);
    connect(chooser, &QFileDialog::fileSelected, this, &UrlListFiles::importFrom);
    chooser->open();
}

void UrlListFiles::chooseExport()
{
    auto *chooser = new QFileDialog(m_dialogParent, tr("Export URL List"), QDir::home().filePath(tr("ferry-urls.txt")),
                                    tr("Text files (*.txt);;All files (*)"));
    chooser->setObjectName(u"exportUrlListDialog"_s);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::AnyFile);
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    connect(chooser, &QFileDialog::fileSelected, this, &UrlListFiles::exportTo);
    chooser->open();
}

void UrlListFiles::importFrom(const QString &path)
{
    runThen<ImportResult>(&m_pool, this, [path] { return readAndParse(path); }, [this, path](const ImportResult &r) {
        if (r.error.isError())
            Q_EMIT failed(tr("Could not import the URL list: %1").arg(r.error.toString()));
        else
            Q_EMIT imported(path, r.text, r.urls, r.rejected);
    });
}

void UrlListFiles::exportTo(const QString &path)
{
    const QList<QUrl> urls = m_queueUrls();  // a copy of values, taken on the GUI thread
    runThen<TaskError>(&m_pool, this, [path, urls] { return writeUrlListFile(path, urls); },
                       [this, path, count = int(urls.size())](const TaskError &error) {
        if (error.isError())
            Q_EMIT failed(tr("Could not export the URL list: %1").arg(error.toString()));
        else
            Q_EMIT exported(path, count);
    });
}

} // namespace Ferry
