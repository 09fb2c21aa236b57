#include "recipeeditor.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace Ferry {

RecipeEditor::RecipeEditor(QWidget *parent) : QWidget(parent)
{
    const auto box = [this](const QString &text, const QString &name, const QString &tip) {
        auto *check = new QCheckBox(text, this);
        check->setObjectName(name);
        check->setToolTip(tip);
        connect(check, &QCheckBox::toggled, this, &RecipeEditor::updateEnabled);
        connect(check, &QCheckBox::toggled, this, &RecipeEditor::changed);
        return check;
    };
    m_verify = box(tr("&Verify checksum"), u"verifyCheck"_s,
                   tr("Against the expected checksum, a checksum list, or a .sha256 or SHA256SUMS file beside it"));
    m_decompress = box(tr("De&compress"), u"decompressCheck"_s, tr(".gz, .bz2, .xz, .zst single files"));
    m_extract = box(tr("E&xtract archive"), u"extractCheck"_s, tr("Into a folder named after the archive"));
    m_deleteArchive = box(tr("&Delete the archive after extracting"), u"deleteArchiveCheck"_s,
                          tr("Only when the extraction succeeded"));
    m_thumbnails = box(tr("T&humbnails, longest side:"), u"thumbnailsCheck"_s,
                       tr("Of the image, or of the images in the extracted folder, into thumbnails/"));
    m_thumbnailSize = new QSpinBox(this);
    m_thumbnailSize->setObjectName(u"thumbnailSizeSpin"_s);
    m_thumbnailSize->setAccessibleName(tr("Thumbnail size"));
    m_thumbnailSize->setRange(16, 4096);
    m_thumbnailSize->setValue(256);
    m_thumbnailSize->setSuffix(tr(" px"));

    auto *thumbnailRow = new QHBoxLayout;
    thumbnailRow->addWidget(m_thumbnails);
    thumbnailRow->addWidget(m_thumbnailSize);
    thumbnailRow->addStretch(1);
    auto *deleteRow = new QHBoxLayout;
    deleteRow->addSpacing(24);  // belongs to "Extract"
    deleteRow->addWidget(m_deleteArchive);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_verify);
    layout->addWidget(m_decompress);
    layout->addWidget(m_extract);
    layout->addLayout(deleteRow);
    layout->addLayout(thumbnailRow);
    updateEnabled();
}

void RecipeEditor::updateEnabled()
{
    m_deleteArchive->setEnabled(m_extract->isChecked());
    m_thumbnailSize->setEnabled(m_thumbnails->isChecked());
}

Recipe RecipeEditor::recipe() const
{
    Recipe recipe;
    recipe.verify = m_verify->isChecked();
    recipe.decompress = m_decompress->isChecked();
    recipe.extract = m_extract->isChecked();
    recipe.deleteArchive = recipe.extract && m_deleteArchive->isChecked();
    recipe.thumbnailSize = m_thumbnails->isChecked() ? m_thumbnailSize->value() : 0;
    return recipe;
}

} // namespace Ferry
