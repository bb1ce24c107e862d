package bbob

// The test points of testdata/coco_values.json, made by the same generator as
// scripts/coco/coco_values.c's make_point (read it for what each point is), so the file need not
// hold them: splitmix64 on uint64, then the same floating-point expressions.

type pointGen struct{ state uint64 }

func (g *pointGen) uniform() float64 {
	g.state += 0x9E3779B97F4A7C15
	z := g.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	z ^= z >> 31
	return float64(z>>11) * (1.0 / 9007199254740992.0)
}

// numPoints is NPOINTS of coco_values.c.
const numPoints = 6

// makePoint writes point k of problem (f, d, i) to x (len d): 0 the origin, 1 x_opt, 2 near
// x_opt, 3 and 4 inside [-5, 5]^d, 5 outside it.
func makePoint(x []float64, f, d, i, k int, xopt []float64) {
	g := pointGen{uint64(f)*1000003 + uint64(d)*1009 + uint64(i)*17 + uint64(k)}
	for j := range x {
		u := g.uniform()
		switch k {
		case 0:
			x[j] = 0
		case 1:
			x[j] = xopt[j]
		case 2:
			x[j] = xopt[j] + 2e-3*(u-0.5)
		case 3, 4:
			x[j] = 10.0 * (u - 0.5)
		default:
			x[j] = 14.0 * (u - 0.5)
		}
	}
	if k == 5 {
		x[0] = 6.5
	}
}
