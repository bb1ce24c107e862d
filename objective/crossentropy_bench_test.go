package objective

import "testing"

func BenchmarkClassroomFuncGrad(b *testing.B) {
	train, _ := Classroom()
	ce, err := NewCrossEntropy(ClassroomNetwork, train, 0)
	if err != nil {
		b.Fatal(err)
	}
	x := ClassroomInit()
	g := make([]float64, len(x))
	b.ReportAllocs()
	for b.Loop() {
		ce.FuncGrad(g, x)
	}
}

func BenchmarkClassroomFunc(b *testing.B) {
	train, _ := Classroom()
	ce, _ := NewCrossEntropy(ClassroomNetwork, train, 0)
	x := ClassroomInit()
	b.ReportAllocs()
	for b.Loop() {
		ce.Func(x)
	}
}
