#include "clipboardmonitor.h"

#include "util/urllist.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const auto ownFormat = u"application/x-ferry-copied"_s;
// A page of copied text is not a link: do not even parse it on the GUI thread.
constexpr qsizetype MaxText = 64 * 1024;

} // namespace

ClipboardMonitor::ClipboardMonitor(QClipboard *clipboard, QObject *parent) : QObject(parent), m_clipboard(clipboard)
{
    Q_ASSERT(clipboard);
    connect(m_clipboard, &QClipboard::dataChanged, this, &ClipboardMonitor::check);
}

void ClipboardMonitor::setEnabled(bool enabled)
{
    m_enabled = enabled;
}

void ClipboardMonitor::copyText(const QString &text)
{
    auto *data = new QMimeData;
    data->setText(text);
    data->setData(ownFormat, QByteArray());
    QGuiApplication::clipboard()->setMimeData(data);  // the clipboard owns it
}

void ClipboardMonitor::check()
{
    if (!m_enabled)
        return;
    const QMimeData *data = m_clipboard->mimeData();
    if (!data || data->hasFormat(ownFormat) || !data->hasText())
        return;
    const QString text = data->text();
    if (text.size() > MaxText)
        return;
    const ParsedUrls parsed = parseUrlLines(text.split(u'\n'));
    if (parsed.urls.isEmpty() || !parsed.rejected.isEmpty() || parsed.urls == m_lastOffered)
        return;
    m_lastOffered = parsed.urls;
    Q_EMIT offered(parsed.urls);
}

} // namespace Ferry
