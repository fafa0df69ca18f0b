#include "apptranslator.h"

#include "applogging.h"

using namespace Qt::StringLiterals;

namespace confab::app {

std::unique_ptr<QTranslator> loadAppTranslator(const QLocale &locale)
{
    auto translator = std::make_unique<QTranslator>();
    // Tries confab_de_DE, confab_de, ... for each of the locale's UI languages.
    if (!translator->load(locale, u"confab"_s, u"_"_s, u":/i18n"_s)) {
        qCDebug(lcApp) << "no translation for" << locale.uiLanguages();
        return nullptr;
    }
    qCDebug(lcApp) << "translation loaded:" << translator->filePath();
    return translator;
}

} // namespace confab::app
