#include "throughputpanel.h"

#include "throughputgraph.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace Ferry {

ThroughputPanel::ThroughputPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"throughputPanel"_s);
    m_clock.start();
    m_sampler.advance(m_clock.elapsed());

    m_graph = new ThroughputGraph(&m_sampler, this);
    m_windowBox = new QComboBox(this);
    m_windowBox->setObjectName(u"throughputWindow"_s);
    m_windowBox->setAccessibleName(tr("Time shown"));
    m_windowBox->addItem(tr("1 minute"), 60);
    m_windowBox->addItem(tr("5 minutes"), 5 * 60);
    m_windowBox->addItem(tr("30 minutes"), 30 * 60);
    connect(m_windowBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_graph->setWindowSeconds(m_windowBox->itemData(index).toInt()); });

    auto *label = new QLabel(tr("&Show:"), this);
    label->setBuddy(m_windowBox);
    auto *top = new QHBoxLayout;
    top->addWidget(label);
    top->addWidget(m_windowBox);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_graph, 1);

    // Only the clock moves while no batch comes: one repaint a second, and none while hidden.
    m_idleTimer.setParent(this);
    m_idleTimer.setInterval(ThroughputSampler::BucketMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &ThroughputPanel::tick);
    m_idleTimer.start();

    m_repaintTimer.setParent(this);
    m_repaintTimer.setSingleShot(true);
    m_repaintTimer.setInterval(RepaintMs);
    connect(&m_repaintTimer, &QTimer::timeout, m_graph, qOverload<>(&QWidget::update));
}

void ThroughputPanel::applySnapshots(const QList<TaskSnapshot> &batch)
{
    m_sampler.apply(batch, m_clock.elapsed());
    if (!m_repaintTimer.isActive())
        m_repaintTimer.start();
}

void ThroughputPanel::removeTasks(const QList<TaskId> &ids)
{
    m_sampler.remove(ids, m_clock.elapsed());
    m_graph->update();
}

void ThroughputPanel::tick()
{
    m_sampler.advance(m_clock.elapsed());
    if (m_graph->isVisible())
        m_graph->update();
}

} // namespace Ferry
