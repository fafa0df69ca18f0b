#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace confab::app {

// How Qt Quick draws the window. By default it goes through the GPU (OpenGL, Vulkan, Metal or
// Direct3D). Where there is no GPU (a virtual machine, a remote or virtual X server such as Xvfb
// in CI), Linux's OpenGL is Mesa's llvmpipe, which emulates a GPU on the CPU and compiles its
// shaders with LLVM: about 70 MB more resident memory, two more threads and a slower first frame
// than Qt Quick's own software renderer, which draws the same UI (Confab uses no shader effects)
// straight into the window. So without a GPU the app picks the software renderer.
//
// The person's choice wins: QT_QUICK_BACKEND or QSG_RHI_BACKEND set means Qt decides as told,
// and CONFAB_RENDERER=software or CONFAB_RENDERER=gpu forces one or the other.
enum class RenderBackend { Gpu, Software };

struct RenderChoice {
    RenderBackend backend = RenderBackend::Gpu;
    QString reason; // in plain words, for the log
};

// `platform` is the Qt platform plugin's name (xcb, wayland, offscreen, windows, cocoa...);
// `hasGpuDevice` whether the system has a GPU render device (renderDeviceExists()).
RenderChoice chooseRenderBackend(const QProcessEnvironment &env, const QString &platform, bool hasGpuDevice);

// Linux: a DRI render node (/dev/dri/renderD*), which every GPU driver Mesa can use provides.
// Elsewhere always true (the platform's own APIs decide).
bool renderDeviceExists();

// Applies the choice to Qt Quick; call before the first window is made.
void applyRenderBackend(const RenderChoice &choice);

} // namespace confab::app
