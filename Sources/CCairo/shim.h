/* cairo (PDF and image surfaces) and pango (text layout with HarfBuzz shaping) for
   Sources/Printing. Debian: libcairo2-dev, libpango1.0-dev. */
#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#endif
