#include "renderbackend.h"

#include "applogging.h"

#include <QDir>
#include <QQuickWindow>
#include <QSGRendererInterface>

using namespace Qt::StringLiterals;

namespace confab::app {

RenderChoice chooseRenderBackend(const QProcessEnvironment &env, const QString &platform, bool hasGpuDevice)
{
    const QString forced = env.value(u"CONFAB_RENDERER"_s).trimmed().toLower();
    if (forced == "software"_L1)
        return { RenderBackend::Software, u"CONFAB_RENDERER=software"_s };
    if (forced == "gpu"_L1)
        return { RenderBackend::Gpu, u"CONFAB_RENDERER=gpu"_s };
    if (!env.value(u"QT_QUICK_BACKEND"_s).isEmpty() || !env.value(u"QSG_RHI_BACKEND"_s).isEmpty())
        return { RenderBackend::Gpu, u"Qt's backend variables are set"_s };
    // Only where Mesa would fall back to llvmpipe: X11 and Wayland sessions without a GPU. The
    // offscreen platform draws in software already.
    const bool mesaPlatform = platform == "xcb"_L1 || platform.startsWith("wayland"_L1);
    if (mesaPlatform && !hasGpuDevice)
        return { RenderBackend::Software, u"no GPU render device"_s };
    return { RenderBackend::Gpu, u"default"_s };
}

bool renderDeviceExists()
{
#if defined(Q_OS_LINUX)
    return !QDir(u"/dev/dri"_s).entryList({ u"renderD*"_s }, QDir::System | QDir::AllEntries).isEmpty();
#else
    return true;
#endif
}

void applyRenderBackend(const RenderChoice &choice)
{
    qCInfo(lcApp).noquote() << "renderer:" << (choice.backend == RenderBackend::Software ? "software" : "gpu")
                            << u"(%1)"_s.arg(choice.reason);
    if (choice.backend == RenderBackend::Software)
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
}

} // namespace confab::app
