//go:build amd64 && !purego

#include "textflag.h"

// func expShiftedAVX2(a, m *float64, n, mStride int) int
//
// The scalar loop of expShiftedScalar, four lanes at a time, with the same
// operations in the same order and no fused multiply-add, so every lane
// rounds exactly as the scalar code does.
TEXT ·expShiftedAVX2(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), AX
	MOVQ m+8(FP), BX
	MOVQ n+16(FP), CX
	MOVQ mStride+24(FP), DX
	LEAQ ·exp2Table(SB), R10
	XORQ DI, DI

	VBROADCASTSD ·expConsts+0(SB), Y13  // 256/ln2
	VBROADCASTSD ·expConsts+8(SB), Y14  // shift
	VBROADCASTSD ·expConsts+16(SB), Y15 // ln2Hi/256
	VBROADCASTSD ·expConsts+56(SB), Y12 // 708
	VBROADCASTSD ·expConsts+64(SB), Y11 // |x| mask

loop:
	LEAQ 4(DI), R8
	CMPQ R8, CX
	JGT  done
	VMOVUPD (AX)(DI*8), Y0
	VMOVUPD (BX), Y1
	VSUBPD  Y1, Y0, Y0      // x = a - m
	VANDPD  Y11, Y0, Y1     // |x|
	VCMPPD  $0x12, Y12, Y1, Y1 // |x| <= 708, false for NaN
	VMOVMSKPD Y1, R9
	CMPQ    R9, $15
	JNE     done

	VMULPD  Y13, Y0, Y2     // x*(256/ln2)
	VADDPD  Y14, Y2, Y2     // kb = ... + shift: k in the low bits
	VSUBPD  Y14, Y2, Y3     // kf = kb - shift
	VMULPD  Y15, Y3, Y4     // kf*ln2Hi
	VSUBPD  Y4, Y0, Y4      // x - kf*ln2Hi
	VBROADCASTSD ·expConsts+24(SB), Y5
	VMULPD  Y5, Y3, Y5      // kf*ln2Lo
	VSUBPD  Y5, Y4, Y4      // r
	VMULPD  Y4, Y4, Y5      // r2
	VBROADCASTSD ·expConsts+40(SB), Y6
	VMULPD  Y6, Y4, Y6      // r*(1/6)
	VBROADCASTSD ·expConsts+32(SB), Y7
	VADDPD  Y6, Y7, Y6      // 1/2 + r*(1/6)
	VMULPD  Y6, Y5, Y6      // r2*(...)
	VADDPD  Y6, Y4, Y6      // r + r2*(...)
	VMULPD  Y5, Y5, Y7      // r2*r2
	VBROADCASTSD ·expConsts+48(SB), Y8
	VMULPD  Y8, Y7, Y7      // r2*r2*(1/24)
	VADDPD  Y7, Y6, Y6      // q

	VBROADCASTSD ·expConsts+72(SB), Y8
	VPAND   Y8, Y2, Y8      // j = k & 255
	VPSRLQ  $8, Y2, Y9      // k >> 8, offset by 2^43 (shifted out below)
	VBROADCASTSD ·expConsts+80(SB), Y10
	VPADDQ  Y10, Y9, Y9     // + 1023
	VPSLLQ  $52, Y9, Y9     // 2^(k>>8)
	VPCMPEQQ Y10, Y10, Y10  // gather mask: every lane
	VGATHERQPD Y10, (R10)(Y8*8), Y1 // t = exp2Table[j]
	VMULPD  Y6, Y1, Y6      // t*q
	VADDPD  Y6, Y1, Y6      // t + t*q
	VMULPD  Y9, Y6, Y6      // (t + t*q) * 2^(k>>8)
	VMOVUPD Y6, (AX)(DI*8)

	ADDQ $4, DI
	ADDQ DX, BX
	JMP  loop

done:
	VZEROUPPER
	MOVQ DI, ret+32(FP)
	RET
